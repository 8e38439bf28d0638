package dev.roomcast.protocol.api;

/**
 * {@code POST /rooms/{id}/members}: one member of one gateway. {@code address}: the client's IP as
 * the gateway sees it, which wrong passwords are counted against.
 */
public record JoinRequest(String gatewayId, String userId, String username, String hostToken, String password,
                          String address) {
    @Override
    public String toString() {
        return "JoinRequest[gatewayId=" + gatewayId + ", userId=" + userId + "]";
    }
}
