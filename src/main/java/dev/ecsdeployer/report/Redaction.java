package dev.ecsdeployer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsdeployer.config.ConfigError;
import dev.ecsdeployer.plan.Difference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of logs and events. Secrets are only ever referenced by ARN, but a value
 * can still hold a credential by mistake. Two rules:
 * <ul>
 *   <li>by name: the value of an environment variable whose name says it is a secret is masked whole:
 *       names containing PASSWORD, PASSWD, PASSPHRASE, SECRET, TOKEN, CREDENTIAL, WEBHOOK, PRIVATE, API_KEY or
 *       ACCESS_KEY, or holding one of the words PASS, PWD, KEY, AUTH, OAUTH, AUTHORIZATION, PAT, DSN, COOKIE,
 *       SIGNATURE or CREDS ({@code DB_PASS}, {@code STRIPE_KEY}, {@code SIGNING_KEY}, {@code GITHUB_PAT},
 *       {@code AUTH}, {@code SENTRY_DSN}; words, so {@code PATH} and {@code BYPASS_CACHE} stay readable); so is an
 *       environment value that is 40 base64 characters (an AWS secret access key, an old-style token);</li>
 *   <li>by value, in every field whatever its name (a health-check command included): the credentials of a URL
 *       ({@code scheme://user:pw@host}), JSON Web Tokens ({@code eyJ...} in three base64url parts), AWS access
 *       key ids ({@code AKIA}/{@code ASIA} and 16 more), a 40-character secret key next to such an id, PEM
 *       private keys, tokens with a known prefix (GitHub {@code ghp_} and its kin, {@code github_pat_}, Stripe
 *       {@code sk_live_}/{@code rk_live_} and their test forms, Slack {@code xoxb-}/{@code xoxp-}/...), Slack
 *       and Discord webhook URLs (their secret path), the credential after {@code Bearer}/{@code Basic}/
 *       {@code token}, a {@code -u user:password} option, and the value of a {@code token=}, {@code key=},
 *       {@code secret=}, {@code password=} or {@code sig=} parameter are masked where they occur; the rest of
 *       the value stays readable.</li>
 * </ul>
 * A value that is a JSON object or array (a whole map or list that differs) is masked inside, key by key.
 */
public final class Redaction {

    static final String MASK = "****";

    /** Parts of a name that say it is a secret wherever they occur in it. */
    private static final Pattern SECRET_NAME =
            Pattern.compile("PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|WEBHOOK",
                    Pattern.CASE_INSENSITIVE);
    /** Words of a name (split at {@code _ - .} and lower-to-upper case changes) that say it is a secret. */
    private static final java.util.Set<String> SECRET_WORDS = java.util.Set.of("PASS", "PWD", "KEY", "AUTH", "OAUTH",
            "AUTHORIZATION", "PAT", "DSN", "COOKIE", "SIGNATURE", "CREDS");
    private static final Pattern NAME_WORD_BREAK = Pattern.compile("[^A-Za-z0-9]++|(?<=[a-z0-9])(?=[A-Z])");
    /** A whole environment value of 40 base64 characters: the shape of an AWS secret access key. */
    private static final Pattern SECRET_SHAPED = Pattern.compile("[A-Za-z0-9/+=]{40}");

    // The patterns below run on any text, hostile text included: each starts only where a match can begin
    // (look-behinds) and does not backtrack within a run (possessive quantifiers), so they stay linear.

    /** The user information of a URL: {@code scheme://user:password@} or {@code scheme://token@}. */
    private static final Pattern URL_CREDENTIALS =
            Pattern.compile("(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*+://)[^\\s/?#\"'\\\\<>{}\\[\\]]+@");
    private static final Pattern JWT =
            Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]*+");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("(?<![A-Za-z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])");
    /** Only looked for in a value that holds an access key id: alone, 40 such characters may be anything. */
    private static final Pattern SECRET_ACCESS_KEY =
            Pattern.compile("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
    /**
     * Tokens whose prefix says what they are: GitHub ({@code ghp_ gho_ ghu_ ghs_ ghr_}, {@code github_pat_}),
     * Stripe ({@code sk_live_ rk_live_ sk_test_ rk_test_}, {@code whsec_}), Slack ({@code xoxb- xoxp- xoxa- xoxr-
     * xoxs- xoxe-}).
     */
    private static final Pattern PREFIXED_TOKEN = Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{20,}+"
            + "|github_pat_[A-Za-z0-9_]{20,}+|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}+|whsec_[A-Za-z0-9]{10,}+"
            + "|xox[abeprs]-[A-Za-z0-9-]{10,}+)");
    /** The secret part of Slack and Discord webhook URLs (whoever has the URL can post). */
    private static final Pattern WEBHOOK_URL = Pattern.compile("(?i)(https?://(?:hooks\\.slack\\.com"
            + "|(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks)/)[^\\s\"'<>]++");
    /**
     * An HTTP credential after its scheme: {@code Bearer ...} (any word: prose rarely says bearer), {@code Basic ...}
     * only when what follows holds a digit or a base64 sign (so "Basic authentication" stays readable).
     */
    private static final Pattern SCHEME_CREDENTIAL = Pattern.compile("(?i)(?<![A-Za-z0-9])(bearer(?:\\s++|%20)"
            + "(?![*]{4})|basic(?:\\s++|%20)(?=[A-Za-z]*+[0-9+/=._~-]))[A-Za-z0-9._~+/=:-]{6,}+");
    /** A user and password given to curl and its kin: {@code -u user:password}, {@code --user user:password}. */
    private static final Pattern USER_OPTION = Pattern.compile("(?<!\\S)(-u|--user)(\\s++|=)[^\\s:'\"]++:[^\\s'\"]++");
    /** The value of a parameter named like a credential: {@code ?token=...}, {@code &api_key=...}, {@code password=...}. */
    private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile("(?i)(?<![A-Za-z0-9_])((?:access_|api_|auth_)?"
            + "(?:token|key|apikey|secret|password|passwd|sig|signature)=)(?![*]{4})[^&\\s\"'#]++");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)");

    private static final String ENVIRONMENT = "environment";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Redaction() {
    }

    public static Difference mask(Difference d) {
        return new Difference(d.path(), maskAt(d.path(), d.desired()), maskAt(d.path(), d.actual()));
    }

    /**
     * A config error as it may be reported: the value of a secret-named environment variable and a
     * {@code secrets} value that is no ARN (it may be the secret itself) are masked whole; credentials in the
     * value or the message are masked where they occur.
     */
    public static ConfigError mask(ConfigError e) {
        String value = e.value();
        if (value != null) {
            String variable = variable(e.path());
            boolean plainSecret = e.path().startsWith("taskDefinition.secrets.") && !value.startsWith("\"arn:");
            value = variable != null && secretName(variable) || plainSecret ? MASK : maskText(value);
        }
        return new ConfigError(e.path(), value, e.message() == null ? null : maskText(e.message()));
    }

    /** Masks the credentials found in free text (a message, a command line, a URL), leaving the rest. */
    public static String maskText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (out.contains("-----BEGIN")) {
            out = PRIVATE_KEY.matcher(out).replaceAll(MASK);
        }
        if (out.contains("://")) {
            out = URL_CREDENTIALS.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        }
        if (out.contains("eyJ")) {
            out = JWT.matcher(out).replaceAll(MASK);
        }
        if (ACCESS_KEY_ID.matcher(out).find()) {
            out = ACCESS_KEY_ID.matcher(out).replaceAll(MASK);
            out = SECRET_ACCESS_KEY.matcher(out).replaceAll(MASK);
        }
        out = PREFIXED_TOKEN.matcher(out).replaceAll(MASK);
        if (out.contains("://")) {
            out = WEBHOOK_URL.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        }
        out = SCHEME_CREDENTIAL.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = USER_OPTION.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        if (out.indexOf('=') >= 0) {
            out = CREDENTIAL_PARAMETER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        }
        return out;
    }

    /** One side of a difference at {@code path}. */
    static String maskAt(String path, String value) {
        if (value == null || "(none)".equals(value)) {
            return value;
        }
        String variable = variable(path);
        if (variable != null) {
            return maskValue(value, secretName(variable));
        }
        if (value.startsWith("{") || value.startsWith("[")) {
            JsonNode tree = tree(value);
            if (tree != null) {
                JsonNode masked = maskTree(path, tree);
                return masked.equals(tree) ? value : masked.toString();
            }
        }
        return maskText(value);
    }

    /** Masks one environment value of the named variable, where it may be a credential. */
    static String maskValue(String value, boolean secretName) {
        if (value == null || "(none)".equals(value)) {
            return value;
        }
        return secretName || SECRET_SHAPED.matcher(value).matches() ? MASK : maskText(value);
    }

    static boolean secretName(String variable) {
        if (SECRET_NAME.matcher(variable).find()) {
            return true;
        }
        for (String word : NAME_WORD_BREAK.split(variable)) {
            if (SECRET_WORDS.contains(word.toUpperCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The variable an environment path names ({@code ....environment.DB_PASSWORD}), or null. */
    private static String variable(String path) {
        int at = path.lastIndexOf("." + ENVIRONMENT + ".");
        if (at < 0 && path.startsWith(ENVIRONMENT + ".")) {
            return path.substring(ENVIRONMENT.length() + 1);
        }
        return at < 0 ? null : path.substring(at + ENVIRONMENT.length() + 2);
    }

    private static JsonNode maskTree(String path, JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = JSON.createObjectNode();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                out.set(field.getKey(), maskTree(path + "." + field.getKey(), field.getValue()));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = JSON.createArrayNode();
            for (int i = 0; i < array.size(); i++) {
                out.add(maskTree(path + "[" + i + "]", array.get(i)));
            }
            return out;
        }
        if (node.isTextual()) {
            String variable = variable(path);
            return TextNode.valueOf(variable != null
                    ? maskValue(node.asText(), secretName(variable))
                    : maskText(node.asText()));
        }
        return node;
    }

    private static JsonNode tree(String value) {
        try {
            JsonNode tree = JSON.readTree(value);
            return tree != null && tree.isContainerNode() ? tree : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
