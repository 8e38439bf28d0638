package dev.roomcast.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    @DisplayName("docs/PROTOCOL.md lists every error code with the HTTP status of the one table, and no other code")
    void documentedWithItsStatus() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
        Matcher rows = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (\\d{3}) \\|").matcher(doc);
        int documented = 0;
        while (rows.find()) {
            ErrorCode c = ErrorCode.ofWire(rows.group(1));
            assertEquals(rows.group(1), c.wire(), "a documented code that does not exist: " + rows.group(1));
            assertEquals(c.httpStatus(), Integer.parseInt(rows.group(2)), "status of " + c.wire());
            documented++;
        }
        assertEquals(ErrorCode.values().length, documented, "every code has one row in the error table");
    }

    @Test
    @DisplayName("a bare HTTP status from a peer maps back to a code with that status")
    void ofStatus() {
        for (int status : new int[] {401, 403, 404, 405, 410, 413, 415, 429, 500}) {
            assertEquals(status, ErrorCode.ofStatus(status).httpStatus());
        }
        assertEquals(ErrorCode.UNAVAILABLE, ErrorCode.ofStatus(502));
        assertEquals(ErrorCode.BAD_MESSAGE, ErrorCode.ofStatus(418));
        assertTrue(ErrorCode.ofWire("from_a_newer_server") == ErrorCode.INTERNAL);
    }
}
