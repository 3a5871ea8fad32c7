package io.airssys.wasm.autoconfigure.badproxytest;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class BadProxyTestApplication {}
