package dev.roomcast.protocol.api;

/** {@code POST /rooms/{id}/members}: one member of one gateway. */
public record JoinRequest(String gatewayId, String userId, String username, String hostToken, String password) {
    @Override
    public String toString() {
        return "JoinRequest[gatewayId=" + gatewayId + ", userId=" + userId + "]";
    }
}
