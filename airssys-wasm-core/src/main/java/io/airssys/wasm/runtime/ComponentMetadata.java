package io.airssys.wasm.runtime;

import io.airssys.wasm.abi.WitValue;
import java.util.List;
import java.util.Optional;

/**
 * What a component says about itself through its lifecycle {@code metadata} export, read when a
 * version is admitted.
 *
 * @param interfaces names of the interfaces it implements beyond the lifecycle
 */
public record ComponentMetadata(String name, String version, Optional<String> description, List<String> interfaces) {

    public ComponentMetadata {
        interfaces = List.copyOf(interfaces);
    }

    static ComponentMetadata of(WitValue value) {
        WitValue.RecordValue record = (WitValue.RecordValue) value;
        return new ComponentMetadata(
                text(record.field("name")),
                text(record.field("version")),
                ((WitValue.OptionValue) record.field("description")).value().map(ComponentMetadata::text),
                ((WitValue.ListValue) record.field("interfaces"))
                        .elements().stream().map(ComponentMetadata::text).toList());
    }

    private static String text(WitValue value) {
        return ((WitValue.StringValue) value).value();
    }
}
