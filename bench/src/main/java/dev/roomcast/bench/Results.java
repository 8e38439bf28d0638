package dev.roomcast.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One JSON object per measured point, appended to bench/results/<name>.jsonl. */
final class Results {
    private Results() {}

    static Map<String, Object> point() {
        return new LinkedHashMap<>();
    }

    static void write(String bench, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>(fields);
        Quiet.annotate(m);
        m.put("machine", machine());
        m.put("load1", load1());
        m.put("date", Instant.now().toString());
        m.put("commit", System.getProperty("bench.commit", "unknown"));
        String line = toJson(m);
        System.out.println("[bench] " + bench + " " + line);
        Path f = Bench.root().resolve("bench/results/" + bench + ".jsonl");
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (var e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Double d) {
                sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }

    private static String machineCache;

    static synchronized String machine() {
        if (machineCache == null) {
            String model = "cpu";
            try {
                for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (l.startsWith("model name")) {
                        model = l.substring(l.indexOf(':') + 1).trim();
                        break;
                    }
                }
            } catch (IOException ignored) {
                // keep default
            }
            machineCache = Runtime.getRuntime().availableProcessors() + " cores, " + model + ", Java "
                    + System.getProperty("java.version");
        }
        return machineCache;
    }

    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return -1;
        }
    }
}
