package dev.roomcast.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EncodedFanoutTest {
    @Test
    @DisplayName("a ready-made frame is a final, unmasked binary WebSocket frame a client decoder reads back byte for byte, at every length encoding")
    void framesDecode() {
        Random rnd = new Random(7);
        for (int n : new int[] {0, 1, 125, 126, 1_700, 65_535, 65_536, 200_000}) {
            byte[] payload = new byte[n];
            rnd.nextBytes(payload);
            ByteBuf frame = EncodedFanout.encode(payload);
            EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
            // two writes of one frame, as two listeners' duplicates would be
            client.writeInbound(frame.retainedDuplicate(), frame.retainedDuplicate());
            for (int k = 0; k < 2; k++) {
                Object in = client.readInbound();
                assertTrue(in instanceof BinaryWebSocketFrame f && f.isFinalFragment(), n + " bytes: " + in);
                BinaryWebSocketFrame f = (BinaryWebSocketFrame) in;
                assertArrayEquals(payload, ByteBufUtil.getBytes(f.content()), n + " bytes");
                f.release();
            }
            assertTrue(frame.isDirect(), "direct: the socket writes it without a copy");
            frame.release();
            client.finishAndReleaseAll();
        }
    }
}
