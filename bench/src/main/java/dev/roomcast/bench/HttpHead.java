package dev.roomcast.bench;

/** The head of an HTTP response read a chunk at a time by the bench's selector-thread load generators. */
final class HttpHead {
    /** A head longer than this is refused. */
    static final int MAX = 8192;

    private HttpHead() {}

    /**
     * Appends {@code chunk[from, n)} to {@code head} up to and including its blank line. Returns the
     * index in {@code chunk} just after it, or -1 while the head is not complete.
     */
    static int append(StringBuilder head, byte[] chunk, int from, int n) {
        for (int pos = from; pos < n; pos++) {
            head.append((char) (chunk[pos] & 0xff));
            int l = head.length();
            if (l >= 4 && head.charAt(l - 1) == '\n' && head.charAt(l - 2) == '\r' && head.charAt(l - 3) == '\n'
                    && head.charAt(l - 4) == '\r') {
                return pos + 1;
            }
        }
        return -1;
    }
}
