package dev.roomcast.protocol.api;

import java.util.List;

/** {@code POST /rooms/{id}/members/batch}: one gateway's joins, 1..256 members. */
public record JoinBatchRequest(String gatewayId, List<Member> members) {

    /** One socket asking to join. */
    public record Member(String userId, String username, String hostToken, String password) {
        @Override
        public String toString() {
            return "Member[userId=" + userId + "]";
        }
    }
}
