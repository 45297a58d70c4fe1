package dev.gofer.cli.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes in, UTF-8 text out to a {@link Writer}: lets byte streams (logs) go to picocli's text output when gofer is
 * embedded. A multi-byte character split across writes is kept until its last byte arrives. Closing does not close
 * the writer.
 */
public final class WriterOutputStream extends OutputStream {
    private final Writer writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    public WriterOutputStream(Writer writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int offset = off;
        int remaining = len;
        while (remaining > 0) {
            int n = Math.min(remaining, pending.remaining());
            pending.put(b, offset, n);
            offset += n;
            remaining -= n;
            decode(false);
        }
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        decode(true);
        decoder.flush(chars);
        drainChars();
        writer.flush();
    }

    private void decode(boolean endOfInput) throws IOException {
        pending.flip();
        while (true) {
            var result = decoder.decode(pending, chars, endOfInput);
            drainChars();
            if (!result.isOverflow()) {
                break;
            }
        }
        pending.compact();
    }

    private void drainChars() throws IOException {
        chars.flip();
        writer.write(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
        chars.clear();
    }
}
