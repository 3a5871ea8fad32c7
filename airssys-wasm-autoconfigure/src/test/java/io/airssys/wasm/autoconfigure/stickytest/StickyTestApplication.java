package io.airssys.wasm.autoconfigure.stickytest;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** Marks this package as the application's, so its {@code @WasmComponent} interfaces are scanned. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class StickyTestApplication {}
