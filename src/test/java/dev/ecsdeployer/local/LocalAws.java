package dev.ecsdeployer.local;

import dev.ecsdeployer.aws.AwsClientFactory;
import dev.ecsdeployer.harness.MotoNotInstalledException;
import dev.ecsdeployer.harness.MotoServer;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local AWS endpoint for a run: {@code AWS_ENDPOINT_URL} when the user set one, else a moto
 * started on a free loopback port (stopped at JVM exit by {@link MotoServer}). The function reaches
 * it through a {@link CloudWatchJsonGateway}; this JVM's own clients (baseline, hand edits) go to it
 * directly.
 */
public final class LocalAws implements AutoCloseable {

    public static final String REGION = MotoServer.REGION;
    private static final int MOTO_ATTEMPTS = 3;

    private final URI endpoint;
    private final boolean startedMoto;
    private final CloudWatchJsonGateway gateway;
    private final AwsClientFactory factory;

    private LocalAws(URI endpoint, boolean startedMoto, CloudWatchJsonGateway gateway) {
        this.endpoint = endpoint;
        this.startedMoto = startedMoto;
        this.gateway = gateway;
        this.factory = AwsClientFactory.fromEnvironment();
    }

    /**
     * For the local run: the user's {@code AWS_ENDPOINT_URL}, else moto.
     *
     * @throws MotoNotInstalledException when moto must be started and cannot be found (says how to install it)
     */
    public static LocalAws start() {
        return start(true);
    }

    /** @param honourEndpointEnv false for tests, which always run on their own moto */
    public static LocalAws start(boolean honourEndpointEnv) {
        Optional<String> given = Optional.ofNullable(honourEndpointEnv ? System.getenv("AWS_ENDPOINT_URL") : null)
                .filter(s -> !s.isBlank());
        URI endpoint = given.map(URI::create).orElseGet(LocalAws::startMoto);
        // The SDK reads these before the environment; the region must match the baseline's AZs.
        System.setProperty("aws.endpointUrl", endpoint.toString());
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", envOr("AWS_ACCESS_KEY_ID", "testing"));
        System.setProperty("aws.secretAccessKey", envOr("AWS_SECRET_ACCESS_KEY", "testing"));
        return new LocalAws(endpoint, given.isEmpty(), CloudWatchJsonGateway.start(endpoint));
    }

    /** moto picks no port itself; a port taken between our probe and its bind makes it exit: try again. */
    private static URI startMoto() {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= MOTO_ATTEMPTS; attempt++) {
            try {
                return MotoServer.start().motoEndpoint();
            } catch (MotoNotInstalledException e) {
                throw e;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw new IllegalStateException("moto did not start after " + MOTO_ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    public URI endpoint() {
        return endpoint;
    }

    public boolean startedMoto() {
        return startedMoto;
    }

    public AwsClientFactory clients() {
        return factory;
    }

    /** What the function process needs to reach this endpoint (through the gateway) as on Lambda. */
    public Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", gateway.endpoint().toString());
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", envOr("AWS_ACCESS_KEY_ID", "testing"));
        env.put("AWS_SECRET_ACCESS_KEY", envOr("AWS_SECRET_ACCESS_KEY", "testing"));
        Optional.ofNullable(System.getenv("AWS_SESSION_TOKEN")).ifPresent(t -> env.put("AWS_SESSION_TOKEN", t));
        return env;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        gateway.close();
        // moto itself stops in MotoServer's shutdown hook, also on Ctrl-C.
    }
}
