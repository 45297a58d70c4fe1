package dev.gofer.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publication follows the order slots were opened (id order), whatever order the transactions complete in. */
class PublishOrderTest {
    private static Event event(String id) {
        return new Event(id, 0, "created_namespace", id, null, new JsonObject(), null);
    }

    @Test
    void aLaterTransactionThatCompletesFirstWaitsForTheEarlierOne() {
        List<String> published = new ArrayList<>();
        PublishOrder order = new PublishOrder(e -> published.add(e.id()));
        PublishOrder.Slot first = order.open();
        first.add(event("a1"));
        first.add(event("a2"));
        PublishOrder.Slot second = order.open();
        second.add(event("b1"));

        order.close(second, true);
        assertEquals(List.of(), published, "b1 must not overtake a1 and a2");
        order.close(first, true);
        assertEquals(List.of("a1", "a2", "b1"), published);
        assertEquals(0, order.waiting());
    }

    @Test
    void aRolledBackTransactionPublishesNothingAndReleasesLaterOnes() {
        List<String> published = new ArrayList<>();
        PublishOrder order = new PublishOrder(e -> published.add(e.id()));
        PublishOrder.Slot rolledBack = order.open();
        rolledBack.add(event("x"));
        PublishOrder.Slot committed = order.open();
        committed.add(event("y"));
        order.close(null, true); // a transaction that recorded no events
        order.close(committed, true);
        order.close(rolledBack, false);
        assertEquals(List.of("y"), published);
        assertEquals(0, order.waiting());
    }
}
