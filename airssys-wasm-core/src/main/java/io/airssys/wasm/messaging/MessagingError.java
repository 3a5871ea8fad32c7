package io.airssys.wasm.messaging;

import java.util.Locale;

/** Why a message could not be delivered or answered; the cases of {@code airssys:core/types.messaging-error}. */
public enum MessagingError {
    TARGET_NOT_FOUND,
    PERMISSION_DENIED,
    MAILBOX_FULL,
    TIMED_OUT,
    CANCELLED,
    HANDLER_FAILED;

    /** The WIT case name, e.g. {@code mailbox-full}. */
    public String caseName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
