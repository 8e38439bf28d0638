package dev.roomcast.systemtests.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/** What the fault tests measured, appended to target/fault-logs/fault-report.txt (and printed by each test). */
final class FaultReport {
    private FaultReport() {}

    static synchronized void append(String text) {
        try {
            Files.writeString(FaultStack.logRoot().resolve("fault-report.txt"), text, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write the fault report: " + e);
        }
    }
}
