package io.airssys.wasm.runtime;

import io.airssys.wasm.deployment.DeploymentManager;
import io.airssys.wasm.deployment.RoutingKey;
import io.airssys.wasm.messaging.Message;
import io.airssys.wasm.messaging.MessageBus;
import io.airssys.wasm.messaging.MessageEndpoint;
import io.airssys.wasm.messaging.Reply;

/**
 * Delivers bus messages to whichever version routing picks, like any other call: a message is
 * routed by its sender, so a sticky canary keeps each sender on one version. Messages to
 * {@code host} go to the application's listeners.
 */
final class BusEndpoint implements MessageEndpoint {

    private static final String HANDLE_MESSAGE = ComponentVersion.LIFECYCLE + "handle-message";
    private static final String HANDLE_CALLBACK = ComponentVersion.LIFECYCLE + "handle-callback";

    private final DeploymentManager<ComponentVersion> deployments;
    private final CallRouter calls;
    private final ApplicationInbox application;

    BusEndpoint(DeploymentManager<ComponentVersion> deployments, CallRouter calls, ApplicationInbox application) {
        this.deployments = deployments;
        this.calls = calls;
        this.application = application;
    }

    @Override
    public boolean exists(String componentId) {
        if (componentId.equals(MessageBus.HOST)) {
            return application.isOpen();
        }
        return deployments.componentIds().contains(componentId);
    }

    @Override
    public byte[] handleMessage(Message message) {
        if (message.to().equals(MessageBus.HOST)) {
            return application.deliver(message);
        }
        return calls.call(
                message.to(), RoutingKey.of(message.from()), HANDLE_MESSAGE, version -> version.deliver(message));
    }

    @Override
    public void handleCallback(String requester, String correlation, Reply reply) {
        calls.call(requester, RoutingKey.NONE, HANDLE_CALLBACK, version -> {
            version.callback(correlation, reply);
            return null;
        });
    }
}
