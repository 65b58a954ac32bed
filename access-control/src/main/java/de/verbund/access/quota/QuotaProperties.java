package de.verbund.access.quota;

import java.util.Map;

import de.verbund.access.label.Authority;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The limits ({@code verbund.quotas}): {@code defaults} for everyone, {@code authorities.<CODE>} replacing them for
 * the analysts of one authority (e.g. a BKA unit that checks whole seizures). A limit of 0 switches that limit off.
 *
 * @param defaults the limits of an authority without its own
 * @param authorities limits per authority code
 */
@ConfigurationProperties("verbund.quotas")
public record QuotaProperties(@DefaultValue Limits defaults, Map<String, Limits> authorities) {

    /**
     * @param selectorsPerHour selectors one user may check per hour (fixed hour windows, UTC)
     * @param selectorsPerDay selectors one user may check per day (UTC)
     * @param searchesPerMinute searches one user may run per minute
     */
    public record Limits(@DefaultValue("2000") long selectorsPerHour, @DefaultValue("10000") long selectorsPerDay,
                         @DefaultValue("120") long searchesPerMinute) {
        public Limits {
            if (selectorsPerHour < 0 || selectorsPerDay < 0 || searchesPerMinute < 0) {
                throw new IllegalArgumentException("verbund.quotas: limits must not be negative (0 switches one off)");
            }
        }
    }

    public QuotaProperties {
        authorities = authorities == null ? Map.of() : Map.copyOf(authorities);
        for (String code : authorities.keySet()) {
            if (!Authority.POLICE.contains(code)) {
                throw new IllegalArgumentException("verbund.quotas.authorities: unknown authority " + code);
            }
        }
    }

    /** The limits that apply to the analysts of this authority. */
    public Limits of(Authority authority) {
        return authorities.getOrDefault(authority.code(), defaults);
    }
}
