package dev.gofer.scheduler.docker;

import dev.gofer.scheduler.SchedulerException;
import dev.gofer.scheduler.StreamingFollow;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The log follow and the exit wait of every followed container on one I/O thread: each is an HTTP request to the
 * engine whose answer is read as it arrives (Netty, the transport Vert.x itself runs on), instead of a thread blocked
 * on each of them. Offered for an engine on a unix socket or plain TCP; one behind TLS or a Windows pipe is followed
 * on threads ({@link ContainerStreams}).
 */
final class EngineStreams implements StreamingFollow, Closeable {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("gofer-engine-streams", true),
            NioIoHandler.newFactory());
    private final Bootstrap bootstrap;
    private final SocketAddress engine;
    private final String hostHeader;
    /** {@code /v1.41} when an API version is set, else empty: the engine's own version. */
    private final String prefix;
    private final BiFunction<String, RuntimeException, SchedulerException> wrap;

    private EngineStreams(SocketAddress engine, boolean unix, String hostHeader, String prefix,
                          BiFunction<String, RuntimeException, SchedulerException> wrap) {
        this.engine = engine;
        this.hostHeader = hostHeader;
        this.prefix = prefix;
        this.wrap = wrap;
        this.bootstrap = new Bootstrap().group(io)
                .channel(unix ? NioDomainSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpClientCodec());
                    }
                });
    }

    /** For an engine at {@code unix://path} or {@code tcp://host:port} without TLS; empty for any other. */
    static Optional<EngineStreams> forEngine(URI engine, boolean tls, String prefix,
                                             BiFunction<String, RuntimeException, SchedulerException> wrap) {
        if (engine == null || tls) {
            return Optional.empty();
        }
        if ("unix".equals(engine.getScheme())) {
            return Optional.of(new EngineStreams(UnixDomainSocketAddress.of(engine.getPath()), true, "docker", prefix, wrap));
        }
        if ("tcp".equals(engine.getScheme()) && engine.getHost() != null && engine.getPort() > 0) {
            return Optional.of(new EngineStreams(InetSocketAddress.createUnresolved(engine.getHost(), engine.getPort()), false,
                    engine.getHost() + ":" + engine.getPort(), prefix, wrap));
        }
        return Optional.empty();
    }

    @Override
    public CompletableFuture<Integer> exitCode(String containerId) {
        String what = "lost track of container " + containerId;
        StringBuilder answer = new StringBuilder();
        return exchange(HttpMethod.POST, "/containers/" + containerId + "/wait", what, bytes -> {
            answer.append(bytes.toString(StandardCharsets.UTF_8));
            return true;
        }).thenApply(done -> {
            try {
                return ContainerStreams.exitCodeOf(answer.toString(), what);
            } catch (SchedulerException e) {
                throw new CompletionException(e);
            }
        });
    }

    @Override
    public CompletableFuture<Void> logs(String containerId, PacedLogSink sink) {
        String what = "could not read logs of container " + containerId;
        return exchange(HttpMethod.GET, "/containers/" + containerId + "/logs?follow=1&stdout=1&stderr=1", what, new LogReader(sink));
    }

    /** Receives an answer's body as it arrives, on the I/O thread. */
    @FunctionalInterface
    private interface Reader {
        /** Takes the next bytes; false when reading must wait ({@link #whenReady} says until when). */
        boolean data(ByteBuf bytes) throws IOException;

        /** Called once the answer ended. */
        default void end() {
        }

        /** Runs {@code resume} once this reader can take more (after {@link #data} answered false). */
        default void whenReady(Runnable resume) {
            resume.run();
        }
    }

    private CompletableFuture<Void> exchange(HttpMethod method, String path, String what, Reader reader) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ChannelFuture connecting = bootstrap.connect(engine);
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                done.completeExceptionally(failure(what, connected.cause()));
                return;
            }
            Channel channel = connecting.channel();
            done.whenComplete((v, e) -> channel.close()); // also when the caller cancels
            channel.pipeline().addLast(new Answer(what, reader, done));
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, prefix + path);
            request.headers().set(HttpHeaderNames.HOST, hostHeader)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set(HttpHeaderNames.CONTENT_LENGTH, 0);
            channel.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    done.completeExceptionally(failure(what, written.cause()));
                }
            });
        });
        return done;
    }

    private SchedulerException failure(String what, Throwable cause) {
        RuntimeException unchecked = cause instanceof RuntimeException r ? r
                : new UncheckedIOException(cause instanceof IOException io ? io : new IOException(cause));
        return wrap.apply(what, unchecked);
    }

    /** One answer: its status, then its body to the reader (or, for a status other than 200, into the error). */
    private final class Answer extends SimpleChannelInboundHandler<HttpObject> {
        private static final int MAX_ERROR_TEXT = 4096;
        private final String what;
        private final Reader reader;
        private final CompletableFuture<Void> done;
        private int status;
        private final StringBuilder errorText = new StringBuilder();

        Answer(String what, Reader reader, CompletableFuture<Void> done) {
            this.what = what;
            this.reader = reader;
            this.done = done;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) throws IOException {
            if (message.decoderResult().isFailure()) {
                done.completeExceptionally(failure(what, message.decoderResult().cause()));
                return;
            }
            if (message instanceof HttpResponse response) {
                status = response.status().code();
            }
            if (message instanceof HttpContent content && content.content().isReadable()) {
                if (status != 200) {
                    if (errorText.length() < MAX_ERROR_TEXT) {
                        errorText.append(content.content().toString(StandardCharsets.UTF_8));
                    }
                } else if (!reader.data(content.content())) {
                    ctx.channel().config().setAutoRead(false);
                    reader.whenReady(() -> ctx.channel().eventLoop().execute(() -> {
                        ctx.channel().config().setAutoRead(true);
                        ctx.channel().read();
                    }));
                }
            }
            if (message instanceof LastHttpContent) {
                finish();
            }
        }

        private void finish() {
            if (status == 200) {
                reader.end();
                done.complete(null);
            } else {
                done.completeExceptionally(new SchedulerException(what + ": the engine answered " + status + ": "
                        + ContainerStreams.messageOf(errorText.toString())));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done.isDone()) {
                done.completeExceptionally(failure(what, new IOException("the engine closed the connection before the answer's end")));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(failure(what, cause));
            ctx.close();
        }
    }

    /** Decodes the log stream's frames and passes them to the sink, pausing the read while the sink is full. */
    private static final class LogReader implements Reader {
        private final LogFrameDecoder decoder;
        private CompletableFuture<Void> room = CompletableFuture.completedFuture(null);

        LogReader(PacedLogSink sink) {
            this.decoder = new LogFrameDecoder((stderr, bytes) -> room = sink.offer(stderr, bytes).toCompletableFuture());
        }

        @Override
        public boolean data(ByteBuf bytes) throws IOException {
            byte[] copy = new byte[bytes.readableBytes()];
            bytes.readBytes(copy);
            decoder.feed(copy, 0, copy.length);
            return room.isDone();
        }

        @Override
        public void end() {
            decoder.end();
        }

        @Override
        public void whenReady(Runnable resume) {
            room.whenComplete((v, e) -> resume.run());
        }
    }

    @Override
    public void close() {
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
