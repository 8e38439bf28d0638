package dev.roomcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine is shared with other engineers' builds and browser tests. Before each measurement
 * window: wait (bounded) for the 1-minute load average to drop below {@code bench.quiet.load}
 * (default 3); during the window: how much CPU went to processes that are not ours
 * ({@code foreignCpuPct}, % of one core, from /proc/stat minus the bench JVM and its children).
 * Results.write adds {@code quietWaitS}, {@code foreignCpuPct} and {@code underLoad} to the point.
 */
final class Quiet {
    private Quiet() {}

    private static double waitedS = -1;
    private static long busy0;
    private static long ours0;
    private static long t0;
    private static double foreignPct = Double.NaN;
    private static double load1AtStart = Double.NaN;
    private static double foreignAtStart = Double.NaN;

    private static double sampleForeign(long ms) {
        long a = machineBusyTicks();
        long o = ourTicks();
        long t = System.nanoTime();
        Bench.sleep(ms);
        double secs = (System.nanoTime() - t) / 1e9;
        return Math.max(0, ((machineBusyTicks() - a) - (ourTicks() - o)) * 100.0 / Proc.CLK_TCK / secs);
    }

    /** Waits up to bench.quiet.maxS (default 150) for load1 &lt; bench.quiet.load, then starts the CPU window. */
    static synchronized void before(String what) {
        double limit = Double.parseDouble(System.getProperty("bench.quiet.load", "3"));
        int maxS = Bench.intProp("bench.quiet.maxS", 150);
        long start = System.nanoTime();
        double l = Results.load1();
        double foreignNow = Double.NaN;
        while (l > limit && System.nanoTime() - start < maxS * 1_000_000_000L) {
            // the load average counts our own busy threads too (gateway, load generator, floor):
            // the machine is quiet enough when the CPU that is not ours is small right now
            foreignNow = sampleForeign(2000);
            if (foreignNow < 25) {
                break;
            }
            Bench.sleep(3000);
            l = Results.load1();
        }
        waitedS = (System.nanoTime() - start) / 1e9;
        if (waitedS > 1) {
            System.out.printf("[bench] %s: waited %.0f s for a quieter machine (load1 now %.2f)%n", what, waitedS, l);
        }
        load1AtStart = l;
        foreignAtStart = foreignNow;
        start();
    }

    /** Starts the foreign-CPU window without waiting. */
    static synchronized void start() {
        t0 = System.nanoTime();
        busy0 = machineBusyTicks();
        ours0 = ourTicks();
        foreignPct = Double.NaN;
    }

    /** Ends the window: foreign CPU = machine busy − (this JVM + its descendants). */
    static synchronized void end() {
        double secs = (System.nanoTime() - t0) / 1e9;
        long busy = machineBusyTicks() - busy0;
        long ours = ourTicks() - ours0;
        foreignPct = Math.max(0, (busy - ours) * 100.0 / Proc.CLK_TCK / secs);
    }

    static synchronized double foreign() {
        return foreignPct;
    }

    static synchronized void annotate(java.util.Map<String, Object> m) {
        if (waitedS >= 0) {
            m.put("quietWaitS", waitedS);
            m.put("load1AtStart", load1AtStart);
        }
        if (!Double.isNaN(foreignPct)) {
            m.put("foreignCpuPct", foreignPct);
        }
        double limit = Double.parseDouble(System.getProperty("bench.quiet.load", "3"));
        // under load = other people's processes used more than 30 % of a core during the window (or,
        // without a window, the load average was above the limit)
        m.put("underLoad", !Double.isNaN(foreignPct) ? foreignPct > 30 : Results.load1() > limit);
    }

    static long machineBusyTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0); // cpu user nice system idle iowait irq softirq steal
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime+stime of this JVM and every descendant process (services, broker, redis, floor). */
    static long ourTicks() {
        long sum = 0;
        List<ProcessHandle> all = new ArrayList<>();
        all.add(ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            try {
                sum += Proc.cpuTicks(h.pid());
            } catch (RuntimeException gone) {
                // exited meanwhile
            }
        }
        return sum;
    }
}
