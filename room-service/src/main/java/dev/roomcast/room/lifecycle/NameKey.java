package dev.roomcast.room.lifecycle;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

/**
 * What makes two display names the same name to a reader: NFKC, full case folding, then the
 * Unicode TR39 confusable skeleton (ICU4J's SpoofChecker), so "DJ Ana", "dj ana", "ＤＪ Ana" and
 * "DJ Аna" (Cyrillic А) have one key. Names reaching here were already cleaned (protocol Text.name).
 */
final class NameKey {
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private NameKey() {}

    static String of(String name) {
        String folded = UCharacter.foldCase(NFKC.normalize(name), true);
        // the skeleton maps to prototypes that may be capitals or other case forms: fold once more
        return UCharacter.foldCase(NFKC.normalize(SPOOF.getSkeleton(folded)), true).replaceAll("\\s+", " ").strip();
    }

    static boolean same(String a, String b) {
        return a != null && b != null && of(a).equals(of(b));
    }
}
