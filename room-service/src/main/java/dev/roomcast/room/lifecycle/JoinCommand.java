package dev.roomcast.room.lifecycle;

/**
 * A validated join: ids checked, username cleaned (or null), token and password as given (or null),
 * address: the client's IP as its gateway saw it (or null), which wrong passwords count against.
 */
public record JoinCommand(String gatewayId, String userId, String username, String hostToken, String password,
                          String address) {
    @Override
    public String toString() {
        return "JoinCommand[gatewayId=" + gatewayId + ", userId=" + userId + "]";
    }
}
