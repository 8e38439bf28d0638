package dev.roomcast.room.rest;

import dev.roomcast.protocol.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiErrorTest {

    @Test
    @DisplayName("error codes map to the statuses of docs/INTERNAL-API.md")
    void statuses() {
        assertEquals(400, ApiError.status(ErrorCode.BAD_MESSAGE));
        assertEquals(400, ApiError.status(ErrorCode.INVALID_ROOM_ID));
        assertEquals(401, ApiError.status(ErrorCode.UNAUTHORIZED));
        assertEquals(403, ApiError.status(ErrorCode.FORBIDDEN));
        assertEquals(403, ApiError.status(ErrorCode.KICKED));
        assertEquals(403, ApiError.status(ErrorCode.PASSWORD_REQUIRED));
        assertEquals(404, ApiError.status(ErrorCode.ROOM_NOT_FOUND));
        assertEquals(409, ApiError.status(ErrorCode.ROOM_FULL));
        assertEquals(410, ApiError.status(ErrorCode.ROOM_CLOSED));
    }
}
