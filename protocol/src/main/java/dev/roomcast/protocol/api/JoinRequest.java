package dev.roomcast.protocol.api;

/**
 * {@code POST /rooms/{id}/members}: one member of one gateway. {@code deviceKey} as the browser sent it,
 * {@code address} the client's address as the gateway saw it (both optional; room-service stores hashes; wrong passwords are counted per address).
 */
public record JoinRequest(String gatewayId, String userId, String username, String hostToken, String password,
                          String deviceKey, String address) {
    @Override
    public String toString() {
        return "JoinRequest[gatewayId=" + gatewayId + ", userId=" + userId + "]";
    }
}
