package dev.roomcast.systemtests.journeys;

import org.junit.jupiter.api.AfterEach;

/**
 * A journey test class: one {@link Journeys} (one Chromium, the live stack) for all its tests. Each
 * class keeps its own in a static field {@code j} opened in its {@code @BeforeAll}: journey classes
 * run in parallel with each other (junit-platform.properties), so one shared field would be
 * overwritten by whichever class started last.
 */
abstract class JourneySuite {
    /** This class's Journeys. */
    abstract Journeys journeys();

    /** Each test's pages and hosts end with it (Journeys.closeOpened). */
    @AfterEach
    void closeTestsOwn() {
        Journeys j = journeys();
        if (j != null) {
            j.closeOpened();
        }
    }

    /** Closes {@code j} if it was opened; returns null for the class's field. */
    static Journeys close(Journeys j) {
        if (j != null) {
            j.close();
        }
        return null;
    }
}
