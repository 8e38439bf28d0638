package dev.roomcast.systemtests.journeys;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** A journey test class: one {@link Journeys} (one Chromium, the live stack) for all its tests. */
abstract class JourneySuite {
    static Journeys j;

    @BeforeAll
    static void up() {
        j = new Journeys();
    }

    /** Each test's pages and hosts end with it (Journeys.closeOpened). */
    @AfterEach
    void closeTestsOwn() {
        if (j != null) {
            j.closeOpened();
        }
    }

    @AfterAll
    static void down() {
        if (j != null) {
            j.close();
            j = null;
        }
    }
}
