package dev.roomcast.room.lifecycle;

/**
 * A validated join: ids checked, username cleaned (or null), token and password as given (or null),
 * the browser's device key and the client's address (or null; wrong passwords count against it).
 */
public record JoinCommand(String gatewayId, String userId, String username, String hostToken, String password,
                          String deviceKey, String address) {

    @Override
    public String toString() {
        return "JoinCommand[gatewayId=" + gatewayId + ", userId=" + userId + "]";
    }
}
