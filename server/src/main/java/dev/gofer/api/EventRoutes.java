package dev.gofer.api;

import dev.gofer.auth.AccessCheck;
import dev.gofer.auth.Action;
import dev.gofer.auth.Caller;
import dev.gofer.auth.Target;
import dev.gofer.bus.Bus;
import dev.gofer.events.Event;
import dev.gofer.events.EventIds;
import dev.gofer.events.EventLog;
import dev.gofer.metrics.GoferMetrics;
import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code GET /api/events}: the event log as Server-Sent Events ({@code id:}, {@code event: <kind>}, {@code data: <Event
 * JSON>}). Live by default; {@code history=true} replays stored events first (after {@code from=<id>} when given),
 * {@code follow=false} ends the stream after the replay; {@code namespace}, {@code pipeline} and {@code run} narrow it
 * ({@link EventFilter}). Each caller sees only events it may read.
 */
final class EventRoutes {
    private static final int PAGE = 500;
    private static final long KEEPALIVE_MS = 15_000;

    private final Vertx vertx;
    private final EventLog events;
    private final GoferMetrics metrics;

    EventRoutes(Vertx vertx, EventLog events, GoferMetrics metrics) {
        this.vertx = vertx;
        this.events = events;
        this.metrics = metrics;
    }

    /** What a caller must be allowed to read to see {@code e}: events, plus the namespace/pipeline/tokens/roles it is about. */
    static boolean visible(Caller caller, Event e) {
        List<Target> targets = new ArrayList<>();
        targets.add(Target.of("events"));
        if (e.namespaceId() != null) {
            targets.add(Target.namespace(e.namespaceId()));
        }
        if (e.pipelineId() != null) {
            targets.add(Target.pipeline(e.pipelineId()));
        }
        if (e.kind().endsWith("_role")) {
            targets.add(Target.of("permissions"));
        }
        if (e.kind().endsWith("_extension")) {
            targets.add(Target.extension(e.details().getString("id")));
        }
        if (e.kind().startsWith("pipeline_extension_subscription_")) {
            targets.add(Target.of("subscriptions"));
        }
        if (e.kind().endsWith("_token")) {
            targets.add(Target.of("tokens"));
        }
        return caller.may(Action.READ, targets);
    }

    void mount(ApiRouter router) {
        router.get("/api/events").handler(ctx -> {
            String from = ctx.queryParams().get("from");
            if (from == null) {
                from = ctx.request().getHeader("Last-Event-ID"); // an EventSource reconnecting resumes where it left off
            }
            if (from != null && !EventIds.valid(from)) {
                throw GoferException.invalid("from: must be an event id (18 hex digits, as in the id field of an event), got '" + from + "'");
            }
            boolean history = Params.flag(ctx, "history") || from != null;
            boolean follow = ctx.queryParams().get("follow") == null || Params.flag(ctx, "follow");
            new Stream(ctx, AccessCheck.caller(ctx), EventFilter.of(ctx), from, history, follow).begin();
        });
        router.get("/api/events/:event_id").handler(ctx -> {
            String id = ctx.pathParam("event_id");
            Caller caller = AccessCheck.caller(ctx);
            Replies.json(ctx, 200, events.get(id).compose(e -> PipelineRoutes.found(e, "event '" + id + "' not found"))
                    .compose(e -> visible(caller, e) ? Future.succeededFuture(new JsonObject().put("event", e.toJson()))
                            : Future.failedFuture(new GoferException(GoferException.Kind.FORBIDDEN,
                                    "token " + caller.token().id() + " may not read event " + id))));
        });
        router.delete("/api/events/:event_id").handler(ctx -> {
            String id = ctx.pathParam("event_id");
            if (!EventIds.valid(id)) {
                throw GoferException.invalid("event_id: must be an event id (18 hex digits, as in the id field of an event), got '" + id + "'");
            }
            Replies.empty(ctx, events.delete(id).compose(found -> found ? Future.succeededFuture()
                    : Future.failedFuture(GoferException.notFound("event '" + id + "' not found"))));
        });
    }

    /** Subscribes first, replays from the store, then sends what arrived meanwhile (skipping what the replay had). */
    private final class Stream {
        private final RoutingContext ctx;
        private final Caller caller;
        private final EventFilter filter;
        private final HttpServerResponse response;
        private final boolean history;
        private final boolean follow;
        private final Deque<Event> pending = new ArrayDeque<>();
        private String lastSent;
        private boolean live;
        private MessageConsumer<Event> consumer;
        private long keepalive = -1;
        private boolean stopped;

        Stream(RoutingContext ctx, Caller caller, EventFilter filter, String from, boolean history, boolean follow) {
            this.ctx = ctx;
            this.caller = caller;
            this.filter = filter;
            this.response = ctx.response();
            this.lastSent = from;
            this.history = history;
            this.follow = follow;
        }

        void begin() {
            response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-cache");
            consumer = vertx.eventBus().consumer(Bus.EVENTS, msg -> {
                if (live) {
                    send(msg.body());
                } else {
                    pending.add(msg.body());
                }
            });
            metrics.eventSubscribers(1);
            response.closeHandler(v -> stop());
            consumer.completion()
                    .compose(v -> response.write(": gofer events\n\n")) // headers out now, so clients see the stream open
                    .compose(v -> history ? replay() : Future.succeededFuture())
                    .onSuccess(v -> {
                        if (!follow) {
                            stop();
                            response.end();
                            return;
                        }
                        while (!pending.isEmpty()) {
                            send(pending.poll());
                        }
                        live = true;
                        keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> response.write(": keepalive\n\n"));
                    })
                    .onFailure(e -> {
                        stop();
                        if (response.headWritten()) {
                            response.reset();
                        } else {
                            ctx.fail(e);
                        }
                    });
        }

        private Future<Void> replay() {
            return events.after(lastSent, PAGE).compose(page -> {
                Future<Void> writes = Future.succeededFuture();
                for (Event e : page) {
                    writes = writes.compose(v -> send(e));
                }
                return page.size() < PAGE ? writes : writes.compose(v -> replay());
            });
        }

        private Future<Void> send(Event e) {
            if (lastSent != null && e.id().compareTo(lastSent) <= 0) {
                return Future.succeededFuture(); // already sent by the replay
            }
            lastSent = e.id();
            if (!filter.matches(e) || !visible(caller, e) || response.ended() || response.closed()) {
                return Future.succeededFuture();
            }
            return response.write("id: " + e.id() + "\nevent: " + e.kind() + "\ndata: " + e.toJson().encode() + "\n\n");
        }

        private void stop() {
            if (!stopped) {
                stopped = true;
                metrics.eventSubscribers(-1);
            }
            live = false;
            consumer.unregister();
            if (keepalive >= 0) {
                vertx.cancelTimer(keepalive);
            }
        }
    }
}
