package dev.roomcast.systemtests.journeys;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/** Audio files with a cover in their tags, made in the test: a picture drawn here, put into a FLAC sox wrote. */
final class Covers {
    private Covers() {}

    /** A {@code side}×{@code side} PNG: the left half one colour, the right half the other. */
    static byte[] png(int side, Color left, Color right) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, side / 2, side);
        g.setColor(right);
        g.fillRect(side / 2, 0, side - side / 2, side);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The FLAC with a PICTURE metadata block (type 6, "front cover") right after its STREAMINFO, as
     * taggers write it; written beside it as {@code name}.
     */
    static Path withCover(Path flac, String name, byte[] picture, String mime) {
        try {
            byte[] in = Files.readAllBytes(flac);
            int streaminfoEnd = 4 + 4 + 34;
            byte[] mimeBytes = mime.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer body = ByteBuffer.allocate(32 + mimeBytes.length + picture.length);
            body.putInt(3).putInt(mimeBytes.length).put(mimeBytes).putInt(0) // front cover, no description
                    .putInt(0).putInt(0).putInt(24).putInt(0).putInt(picture.length).put(picture);
            int len = body.capacity();
            ByteBuffer out = ByteBuffer.allocate(in.length + 4 + len);
            out.put(in, 0, streaminfoEnd);
            out.put(4, (byte) (in[4] & 0x7f)); // STREAMINFO is no longer the last block
            out.put((byte) 6).put((byte) (len >> 16)).put((byte) (len >> 8)).put((byte) len);
            out.put(body.array());
            out.put(in, streaminfoEnd, in.length - streaminfoEnd);
            Path target = flac.resolveSibling(name);
            Files.write(target, out.array());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static BufferedImage decode(byte[] b) {
        try {
            return ImageIO.read(new ByteArrayInputStream(b));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
