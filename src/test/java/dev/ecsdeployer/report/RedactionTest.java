package dev.ecsdeployer.report;

import dev.ecsdeployer.config.ConfigError;
import dev.ecsdeployer.plan.Difference;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials never reach logs or events, whatever the environment variable or field is called. */
class RedactionTest {

    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\nabcd==\n"
            + "-----END RSA PRIVATE KEY-----";

    static Difference env(String name, String desired, String actual) {
        return new Difference("taskDefinition.container.environment." + name, desired, actual);
    }

    @Test
    void valuesOfVariablesNamedLikeSecretsAreMasked() {
        Difference d = Redaction.mask(env("DB_PASSWORD", "hunter2", "(none)"));

        assertEquals(env("DB_PASSWORD", "****", "(none)"), d);
    }

    @Test
    void valuesThatLookLikeAwsKeysAreMaskedWhateverTheName() {
        Difference d = Redaction.mask(env("SETTING", "AKIAABCDEFGHIJKLMNOP", "plain"));

        assertEquals("****", d.desired());
        assertEquals("plain", d.actual());
    }

    @Test
    void otherFieldsAreLeftAsTheyAre() {
        Difference d = new Difference("taskDefinition.memory", "1024", "2048");

        assertEquals(d, Redaction.mask(d));
    }

    @Test
    void theCredentialsOfAUrlAreMaskedWhateverTheVariableIsCalled() {
        Difference d = Redaction.mask(env("DATABASE_URL", "postgres://app:hunter2@db.internal:5432/app",
                "postgres://app:older@db.internal:5432/app"));

        assertEquals(env("DATABASE_URL", "postgres://****@db.internal:5432/app", "postgres://****@db.internal:5432/app"),
                d);
    }

    @Test
    void theCredentialsOfAUrlAreMaskedInAnyField() {
        Difference d = Redaction.mask(new Difference("taskDefinition.container.healthCheck.command",
                "[\"CMD-SHELL\",\"curl -f https://admin:s3cr%40t@localhost:3001/health || exit 1\"]", "(none)"));

        assertEquals("[\"CMD-SHELL\",\"curl -f https://****@localhost:3001/health || exit 1\"]", d.desired());
    }

    @Test
    void aPasswordHoldingAnAtSignIsMaskedWhole() {
        assertEquals("redis://****@cache:6379", Redaction.maskText("redis://user:p@ss@cache:6379"));
    }

    @Test
    void aUrlWithoutCredentialsIsLeftAsItIs() {
        String url = "https://example.com/signup?email=someone@example.com";

        assertEquals(url, Redaction.maskText(url));
        assertEquals("git@github.com:org/repo.git", Redaction.maskText("git@github.com:org/repo.git"));
    }

    @Test
    void aJsonWebTokenIsMaskedWhereItOccurs() {
        Difference d = Redaction.mask(env("FORWARDED_HEADER", "Bearer " + JWT, "(none)"));

        assertEquals("Bearer ****", d.desired());
    }

    @Test
    void anAccessKeyIdAndTheSecretKeyBesideItAreMasked() {
        Difference d = Redaction.mask(env("AWS_CONFIG", "id=" + KEY_ID + ";secret=" + SECRET_KEY + ";region=us-east-1",
                "(none)"));

        assertEquals("id=****;secret=****;region=us-east-1", d.desired());
        assertEquals("session ****", Redaction.maskText("session ASIAABCDEFGHIJKLMNOP"));
    }

    @Test
    void fortyCharactersAloneAreNoSecretKeyOutsideTheEnvironment() {
        String commit = "revision 0123456789abcdef0123456789abcdef01234567 of " + SECRET_KEY;

        assertEquals(commit, Redaction.maskText(commit));
    }

    @Test
    void aPrivateKeyIsMaskedAndTheCertificateBesideItIsNot() {
        String bundle = "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK\n-----END CERTIFICATE-----\n" + PRIVATE_KEY;

        Difference d = Redaction.mask(env("TLS_BUNDLE", bundle, "(none)"));

        assertEquals("-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK\n-----END CERTIFICATE-----\n****", d.desired());
    }

    @Test
    void aPrivateKeyCutShortIsMaskedToTheEnd() {
        assertEquals("key: ****", Redaction.maskText("key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdj"));
    }

    @Test
    void aWholeEnvironmentThatDiffersIsMaskedVariableByVariable() {
        Difference d = Redaction.mask(new Difference("taskDefinition.container.environment",
                "{\"DB_PASSWORD\":\"hunter2\",\"DB_URL\":\"mysql://u:pw@db/app\",\"PORT\":\"3001\"}", "(none)"));

        assertEquals("{\"DB_PASSWORD\":\"****\",\"DB_URL\":\"mysql://****@db/app\",\"PORT\":\"3001\"}", d.desired());
    }

    @Test
    void aWholeContainerThatDiffersIsMaskedInside() {
        Difference d = Redaction.mask(new Difference("taskDefinition.container",
                "{\"name\":\"api\",\"environment\":{\"API_TOKEN\":\"t0k3n\",\"PORT\":\"3001\"},\"essential\":true}",
                "(none)"));

        assertEquals("{\"name\":\"api\",\"environment\":{\"API_TOKEN\":\"****\",\"PORT\":\"3001\"},\"essential\":true}",
                d.desired());
    }

    @Test
    void aValueWithNothingToMaskKeepsItsExactText() {
        String json = "{\"targetValue\":70.0,\"scaleInCooldown\":300}";

        assertEquals(json, Redaction.mask(new Difference("scaling.cpu", json, "(none)")).desired());
    }

    @Test
    void aSecretPastedWhereItsArnBelongsIsMaskedInAConfigError() {
        ConfigError pasted = new ConfigError("taskDefinition.secrets.DB_PASSWORD", "\"hunter2\"", "must be an ARN");
        ConfigError arn = new ConfigError("taskDefinition.secrets.DB_PASSWORD", "\"arn:aws:secretsmanager:x\"",
                "must be an ARN");

        assertEquals("taskDefinition.secrets.DB_PASSWORD: **** must be an ARN", Redaction.mask(pasted).describe());
        assertEquals(arn, Redaction.mask(arn));
    }

    @Test
    void aSecretNamedVariableIsMaskedInAConfigError() {
        ConfigError typeError = new ConfigError("taskDefinition.environment.API_TOKEN", "12345", "must be a string");
        ConfigError plain = new ConfigError("taskDefinition.environment.PORT", "3001", "must be a string");

        assertEquals("taskDefinition.environment.API_TOKEN: **** must be a string", Redaction.mask(typeError).describe());
        assertEquals(plain, Redaction.mask(plain));
    }

    @Test
    void credentialsInAConfigErrorMessageAreMasked() {
        ConfigError e = new ConfigError("taskDefinition.healthCheck.command",
                "[\"curl\", \"https://u:pw@host/health\"]", "must start with \"CMD\" or \"CMD-SHELL\"");

        assertFalse(Redaction.mask(e).describe().contains("pw"), Redaction.mask(e).describe());
    }

    @Test
    void longHostileTextIsMaskedInLinearTime() {
        String run = "a".repeat(300_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Redaction.maskText(run + "://" + run);
            Redaction.maskText("eyJ" + run);
            Redaction.maskText("-----BEGIN PRIVATE KEY-----" + run);
            Redaction.maskText(KEY_ID + " " + "A".repeat(300_000));
        });
        assertTrue(Redaction.maskText("x://" + run + "@h").startsWith("x://****@"));
    }

    static final String GHP = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    static final String GITHUB_PAT = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123";
    static final String STRIPE = "sk_live_51H8abcdEFGH1234ijklMNOP";
    static final String SLACK_BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp";
    static final String SLACK_USER = "xoxp-1234567890-0987654321-QrStUvWxYz";
    static final String SLACK_HOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    static final String DISCORD_HOOK = "https://discord.com/api/webhooks/123456789012345678/abcDEF_ghi-JKLmno";

    @Test
    void variablesNamedForPasswordsKeysTokensAndWebhooksAreMaskedWhole() {
        for (String name : java.util.List.of("DB_PASS", "STRIPE_KEY", "SIGNING_KEY", "GITHUB_PAT", "AUTH", "SENTRY_DSN",
                "SLACK_WEBHOOK_URL", "OAUTH_CLIENT", "dbPass", "REDIS_PWD", "SESSION_COOKIE")) {
            assertEquals("****", Redaction.mask(env(name, "plain-value", "(none)")).desired(), name);
        }
        for (String name : java.util.List.of("PATH", "BYPASS_CACHE", "MONKEY_MODE", "AUTHOR", "KEYSPACE", "PORT")) {
            assertEquals("plain-value", Redaction.mask(env(name, "plain-value", "(none)")).desired(), name);
        }
    }

    @Test
    void tokensWithAKnownPrefixAreMaskedWhateverTheName() {
        for (String token : java.util.List.of(GHP, GITHUB_PAT, STRIPE, SLACK_BOT, SLACK_USER)) {
            assertEquals("value ****", Redaction.mask(env("SETTING", "value " + token, "(none)")).desired(), token);
        }
        assertEquals("sk_live_ is a prefix", Redaction.maskText("sk_live_ is a prefix"));
    }

    @Test
    void slackAndDiscordWebhookUrlsLoseTheirSecretPath() {
        assertEquals("post to https://hooks.slack.com/****", Redaction.maskText("post to " + SLACK_HOOK));
        assertEquals("https://discord.com/api/webhooks/****", Redaction.maskText(DISCORD_HOOK));
        assertEquals("https://hooks.slack.com/", Redaction.maskText("https://hooks.slack.com/"));
    }

    @Test
    void aBearerTokenAndAUserPasswordInAHealthCheckCommandAreMasked() {
        Difference d = Redaction.mask(new Difference("taskDefinition.container.healthCheck.command",
                "[\"CMD-SHELL\",\"curl -fsS -H 'Authorization: Bearer abcd1234efgh5678' -u admin:s3cret"
                        + " http://localhost:3001/health?token=t0k3n || exit 1\"]", "(none)"));

        assertEquals("[\"CMD-SHELL\",\"curl -fsS -H 'Authorization: Bearer ****' -u **** "
                + "http://localhost:3001/health?token=**** || exit 1\"]", d.desired());
        assertEquals("Basic authentication failed", Redaction.maskText("Basic authentication failed"));
        assertEquals("Authorization: Basic ****", Redaction.maskText("Authorization: Basic YWRtaW46czNjcmV0"));
    }

    @Test
    void theNewPatternsStayLinearOnHostileText() {
        String run = "a".repeat(300_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Redaction.maskText("ghp_" + run);
            Redaction.maskText("https://hooks.slack.com/" + run);
            Redaction.maskText("Bearer " + run);
            Redaction.maskText("Basic " + run);
            Redaction.maskText("-u " + run + ":" + run);
            Redaction.maskText("token=" + run + "&key=" + run);
            Redaction.maskText(" bearer".repeat(50_000));
        });
    }
}
