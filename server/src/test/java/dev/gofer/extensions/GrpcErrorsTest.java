package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gofer.model.GoferException;
import dev.gofer.proto.GrpcCallException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.Test;

/** How a refused run start reaches the extension that asked: a 400 is INVALID_ARGUMENT with Gofer's message. */
class GrpcErrorsTest {
    @Test
    void badInputIsInvalidArgumentWithTheMessage() {
        String message = "inputs.TARGET: must be one of staging, prod, got 'qa'";
        GrpcCallException direct = GrpcErrors.of(GoferException.invalid(message));
        GrpcCallException overTheBus = GrpcErrors.of(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, message));

        assertEquals(GrpcStatus.INVALID_ARGUMENT, direct.status());
        assertEquals(message, direct.getMessage());
        assertEquals(GrpcStatus.INVALID_ARGUMENT, overTheBus.status());
        assertEquals(message, overTheBus.getMessage());
    }
}
