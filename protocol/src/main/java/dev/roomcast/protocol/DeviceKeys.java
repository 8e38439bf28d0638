package dev.roomcast.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What services keep of a browser's device key (room:join deviceKey): 128 bits of its SHA-256, never the key. */
public final class DeviceKeys {
    private DeviceKeys() {}

    public static String hash(String deviceKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("device:" + deviceKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
