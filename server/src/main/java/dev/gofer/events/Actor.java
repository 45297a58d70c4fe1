package dev.gofer.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * Who made a change: the token of the API request whose handling records the event, or Gofer itself (runs
 * advancing, extensions supervised, recovery). The access check binds it to the request's own Vert.x context
 * (each HTTP request runs on a duplicated context of its own), and {@link EventLog} reads it when a change
 * begins, so every store that records events names the actor without passing it through every call.
 */
public record Actor(String tokenId, String user) {
    /** Changes Gofer makes on its own (no request behind them). */
    public static final Actor GOFER = new Actor(null, "gofer");
    private static final Object KEY = Actor.class;

    /** Binds {@code actor} to the current (request) context; outside any context it does nothing. */
    public static void bind(Actor actor) {
        Context context = Vertx.currentContext();
        if (context instanceof ContextInternal internal && internal.isDuplicate()) {
            internal.localContextData().put(KEY, actor);
        }
    }

    /** The actor bound to the current context, or {@link #GOFER}. */
    public static Actor current() {
        Context context = Vertx.currentContext();
        if (context instanceof ContextInternal internal && internal.localContextData().get(KEY) instanceof Actor a) {
            return a;
        }
        return GOFER;
    }

    /** The event-bus header that carries the actor of a request to the verticle that makes the change. */
    public static final String HEADER = "gofer-actor";

    /** Delivery options carrying the current actor (for requests over the event bus that lead to changes). */
    public static DeliveryOptions onBus() {
        return onBus(current());
    }

    public static DeliveryOptions onBus(Actor actor) {
        return new DeliveryOptions().addHeader(HEADER, actor.toJson().encode());
    }

    /** Runs {@code work} as the actor a bus message carries ({@link #onBus}), on a context of its own. */
    public static <T> Future<T> callAs(MultiMap headers, Supplier<Future<T>> work) {
        String header = headers.get(HEADER);
        ContextInternal current = ContextInternal.current();
        if (header == null || current == null) {
            return work.get();
        }
        ContextInternal own = current.duplicate();
        own.localContextData().put(KEY, fromJson(new JsonObject(header)));
        Promise<T> done = Promise.promise();
        own.dispatch(() -> work.get().onComplete(done));
        return done.future();
    }

    public JsonObject toJson() {
        JsonObject out = new JsonObject().put("user", user);
        return tokenId == null ? out : out.put("token_id", tokenId);
    }

    public static Actor fromJson(JsonObject json) {
        return json == null ? GOFER : new Actor(json.getString("token_id"), json.getString("user", "gofer"));
    }
}
