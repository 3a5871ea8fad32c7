package io.airssys.wasm.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.OptionValue;
import io.airssys.wasm.abi.WitValue.ResultValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.storage.InMemoryComponentStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageHostTest {

    private final CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(10));
    private final StorageHost host = new StorageHost(new InMemoryComponentStore(), enforcer);

    private WitValue call(String principal, String function, WitValue... args) throws Exception {
        return host.implementations(principal).get(function).call(List.of(args));
    }

    private void admit(String principal, long quota) {
        CapabilitySet caps = CapabilitySet.of(new Capability.StorageQuota(quota));
        enforcer.admit(principal, caps, caps);
    }

    @Test
    void everyVersionOfAComponentSeesTheSameData() throws Exception {
        admit("kv@1.0.0#1", 100);
        admit("kv@2.0.0#2", 100);

        call("kv@1.0.0#1", "set", new StringValue("greeting"), new BytesValue(new byte[] {7}));

        assertThat(call("kv@2.0.0#2", "get", new StringValue("greeting")))
                .isEqualTo(ResultValue.ok(new OptionValue(Optional.of(new BytesValue(new byte[] {7})))));
        assertThat(call("other@1.0.0#3", "get", new StringValue("greeting")))
                .as("another component has its own namespace")
                .isEqualTo(ResultValue.ok(new OptionValue(Optional.empty())));
    }

    @Test
    void overQuotaWriteReturnsQuotaExceededAndKeepsData() throws Exception {
        admit("kv@1.0.0#1", 16);
        call("kv@1.0.0#1", "set", new StringValue("a"), new BytesValue(new byte[10]));

        WitValue refused = call("kv@1.0.0#1", "set", new StringValue("b"), new BytesValue(new byte[10]));

        assertThat(refused)
                .isEqualTo(
                        ResultValue.err(new WitValue.VariantValue("quota-exceeded", Optional.of(WitValues.u64(16)))));
        assertThat(call("kv@1.0.0#1", "exists", new StringValue("a")))
                .isEqualTo(ResultValue.ok(new WitValue.BoolValue(true)));
        assertThat(((WitValue.RecordValue) call("kv@1.0.0#1", "usage")).field("quota-bytes"))
                .isEqualTo(WitValues.u64(16));
    }

    @Test
    void withoutAQuotaNothingCanBeWritten() throws Exception {
        assertThat(((ResultValue) call("nostore@1.0.0#1", "set", new StringValue("a"), new BytesValue(new byte[1])))
                        .ok())
                .isFalse();
        assertThat(((ResultValue) call("nostore@1.0.0#1", "set", new StringValue(""), new BytesValue(new byte[0]))))
                .isEqualTo(ResultValue.err(new WitValue.VariantValue(
                        "invalid-key", Optional.of(new StringValue("key must not be empty")))));
    }
}
