package dev.roomcast.room.lifecycle;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.regex.Pattern;

/**
 * What makes two display names the same name to a reader: NFKC, full case folding and the Unicode
 * TR39 confusable skeleton (ICU4J's SpoofChecker), so "DJ Ana", "dj ana", "ＤＪ Ana" and "DJ Аna"
 * (Cyrillic А) are one name. Skeletons are case-sensitive, so one order is not enough: folding first
 * keeps "Il" and "il" together, the skeleton first keeps "Вob" (Cyrillic В) with "Bob". A name has
 * both keys (one when they agree, joined by a tab); two names clash when they share a key. Names
 * reaching here were already cleaned (protocol Text.name), so they hold no tab.
 */
final class NameKey {
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final Pattern DEFAULT_GUEST = Pattern.compile("Guest_\\d{5}");

    private NameKey() {}

    /** The name's keys, tab-separated (the form the Lua scripts split). */
    static String of(String name) {
        String nfkc = NFKC.normalize(name);
        String foldFirst = fold(SPOOF.getSkeleton(fold(nfkc)));
        String skeletonFirst = fold(SPOOF.getSkeleton(nfkc));
        return foldFirst.equals(skeletonFirst) ? foldFirst : foldFirst + "\t" + skeletonFirst;
    }

    private static String fold(String s) {
        return UCharacter.foldCase(NFKC.normalize(s), true).replaceAll("\\s+", " ").strip();
    }

    /**
     * The keys under which a room reserves this name, or null for the default guest names
     * ({@code Guest_12345}): those are handed out, not chosen, and two of them may meet.
     */
    static String reserved(String name) {
        return name == null || DEFAULT_GUEST.matcher(name).matches() ? null : of(name);
    }
}
