package io.airssys.wasm.host;

import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.abi.WitValue.VariantValue;
import io.airssys.wasm.messaging.MessagingError;
import io.airssys.wasm.messaging.Reply;
import java.util.Optional;

/** Builds {@code airssys:core/types.messaging-error} values. */
public final class MessagingErrors {

    private MessagingErrors() {}

    /** The variant for {@code error}; {@code subject} is the component id or the detail, as the case takes. */
    public static WitValue toWit(MessagingError error, String subject) {
        Optional<WitValue> payload = switch (error) {
            case TIMED_OUT, CANCELLED -> Optional.empty();
            default -> Optional.of(new StringValue(subject));
        };
        return new VariantValue(error.caseName(), payload);
    }

    public static WitValue toWit(Reply.Failed failed) {
        return toWit(failed.error(), failed.detail());
    }
}
