package io.airssys.wasm.host;

import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.ResultValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.messaging.MessageBus;
import io.airssys.wasm.messaging.MessagingError;
import io.airssys.wasm.messaging.MessagingException;
import io.airssys.wasm.security.CapabilityDeniedException;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.wit.WitPrimitive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code airssys:core/host-messaging}: a component's access to the {@link MessageBus}, only to
 * targets its {@code [permissions.messaging] send-to} allows (a denied target is answered
 * {@code permission-denied} and audited).
 */
public final class MessagingHost {

    private final MessageBus bus;
    private final CapabilityEnforcer enforcer;

    public MessagingHost(MessageBus bus, CapabilityEnforcer enforcer) {
        this.bus = bus;
        this.enforcer = enforcer;
    }

    public List<HostFunction> functions(String principal) {
        return WitHostFunctions.forInterface(
                BundledWit.interfaceOf("core", "host-messaging"), implementations(principal));
    }

    Map<String, WitHostFunctions.Implementation> implementations(String principal) {
        String self = principal.contains("@") ? principal.substring(0, principal.indexOf('@')) : principal;
        return Map.of(
                "send",
                        args -> attempt(principal, WitValues.string(args.get(0)), target -> {
                            bus.send(self, target, ((BytesValue) args.get(1)).value());
                            return null;
                        }),
                "request",
                        args -> attempt(
                                principal,
                                WitValues.string(args.get(0)),
                                target -> new StringValue(bus.request(
                                        self,
                                        target,
                                        ((BytesValue) args.get(1)).value(),
                                        Duration.ofMillis(WitValues.integer(args.get(2)))))),
                "cancel-request",
                        args -> {
                            try {
                                bus.cancel(self, WitValues.string(args.get(0)));
                                return WitValues.UNIT_OK;
                            } catch (MessagingException e) {
                                return ResultValue.err(MessagingErrors.toWit(e.error(), WitValues.string(args.get(0))));
                            }
                        },
                "broadcast",
                        args -> broadcast(principal, self, (ListValue) args.get(0), ((BytesValue) args.get(1)).value()),
                "self-id", args -> new StringValue(self));
    }

    private interface Send {
        WitValue to(String target);
    }

    private WitValue attempt(String principal, String target, Send send) {
        try {
            enforcer.checkSendTo(principal, target);
        } catch (CapabilityDeniedException e) {
            return ResultValue.err(MessagingErrors.toWit(MessagingError.PERMISSION_DENIED, target));
        }
        try {
            return ResultValue.ok(send.to(target));
        } catch (MessagingException e) {
            return ResultValue.err(MessagingErrors.toWit(e.error(), target));
        }
    }

    private WitValue broadcast(String principal, String self, ListValue targets, byte[] payload) {
        List<String> allowed = new ArrayList<>();
        for (WitValue target : targets.elements()) {
            try {
                enforcer.checkSendTo(principal, WitValues.string(target));
                allowed.add(WitValues.string(target));
            } catch (CapabilityDeniedException e) {
                // audited by the enforcer; a broadcast reaches the targets it may reach
            }
        }
        return ResultValue.ok(new WitValue.IntValue(WitPrimitive.U32, bus.broadcast(self, allowed, payload)));
    }
}
