package dev.roomcast.protocol.api;

import java.util.List;

/** {@code POST /rooms/{id}/members/batch}: one gateway's joins, 1..256 members. */
public record JoinBatchRequest(String gatewayId, List<Member> members) {

    /** One socket asking to join; {@code address}: its client IP (wrong passwords are counted per address). */
    public record Member(String userId, String username, String hostToken, String password, String address) {
        @Override
        public String toString() {
            return "Member[userId=" + userId + "]";
        }
    }
}
