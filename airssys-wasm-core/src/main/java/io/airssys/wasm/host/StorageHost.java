package io.airssys.wasm.host;

import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BoolValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.OptionValue;
import io.airssys.wasm.abi.WitValue.RecordValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.storage.ComponentStore;
import io.airssys.wasm.storage.StorageQuotaExceededException;
import io.airssys.wasm.storage.StorageUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code airssys:core/storage}: each component's private key-value namespace, named by its
 * component id so every version of it sees the same data, limited by the storage quota it was
 * granted (none granted means nothing can be written). Errors are returned as
 * {@code storage-error}, not traps.
 */
public final class StorageHost {

    private final ComponentStore store;
    private final CapabilityEnforcer enforcer;

    public StorageHost(ComponentStore store, CapabilityEnforcer enforcer) {
        this.store = store;
        this.enforcer = enforcer;
    }

    public List<HostFunction> functions(String principal) {
        return WitHostFunctions.forInterface(BundledWit.interfaceOf("core", "storage"), implementations(principal));
    }

    Map<String, WitHostFunctions.Implementation> implementations(String principal) {
        String namespace = principal.contains("@") ? principal.substring(0, principal.indexOf('@')) : principal;
        return Map.of(
                "get",
                        args -> WitValues.ok(new OptionValue(store.get(namespace, WitValues.string(args.get(0)))
                                .map(BytesValue::new))),
                "set",
                        args -> set(
                                principal,
                                namespace,
                                WitValues.string(args.get(0)),
                                ((BytesValue) args.get(1)).value()),
                "delete", args -> WitValues.ok(new BoolValue(store.delete(namespace, WitValues.string(args.get(0))))),
                "exists", args -> WitValues.ok(new BoolValue(store.exists(namespace, WitValues.string(args.get(0))))),
                "list-keys",
                        args -> {
                            String prefix = ((OptionValue) args.get(0))
                                    .value()
                                    .map(WitValues::string)
                                    .orElse("");
                            return WitValues.ok(new ListValue(store.keys(namespace, prefix).stream()
                                    .map(k -> (WitValue) new StringValue(k))
                                    .toList()));
                        },
                "usage", args -> usage(namespace, enforcer.storageQuota(principal)));
    }

    private WitValue set(String principal, String namespace, String key, byte[] value) {
        long quota = enforcer.storageQuota(principal);
        try {
            store.put(namespace, key, value, quota);
            return WitValues.UNIT_OK;
        } catch (StorageQuotaExceededException e) {
            return WitValues.err("quota-exceeded", quota);
        } catch (IllegalArgumentException e) {
            return WitValues.err("invalid-key", e.getMessage());
        }
    }

    private WitValue usage(String namespace, long quota) {
        StorageUsage usage = store.usage(namespace);
        Map<String, WitValue> fields = new LinkedHashMap<>();
        fields.put("keys", WitValues.u64(usage.keys()));
        fields.put("bytes", WitValues.u64(usage.bytes()));
        fields.put("quota-bytes", WitValues.u64(quota));
        return new RecordValue(fields);
    }
}
