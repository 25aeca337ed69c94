package dev.ecsdeployer.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short fingerprint of a spec, recorded in a tag when the deployer applies it: an unchanged
 * fingerprint later proves, without a describe, that what was applied is what is wanted.
 */
public final class SpecHash {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecHash() {
    }

    public static String of(Object... specs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object spec : specs) {
                sha.update(MAPPER.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint a spec", e);
        }
    }
}
