package de.verbund.access.secret;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PKCS#11 token ({@code verbund.pkcs11}) that holds the key-encryption keys and the audit checkpoint key. Without
 * {@code library} the hub keeps them in files (development only; see docs/adr/0011).
 *
 * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}; empty: keys in files
 * @param tokenLabel the label of the token to use
 * @param pin the user PIN (from the environment, never from a file in the repository)
 * @param sessions sessions kept open for concurrent use (PKCS#11 sessions serve one thread at a time)
 */
@ConfigurationProperties("verbund.pkcs11")
public record Pkcs11Properties(@Nullable Path library, @DefaultValue("verbund") String tokenLabel, @Nullable String pin,
                               @DefaultValue("4") int sessions) {

    public Pkcs11Properties {
        if (library != null && (pin == null || pin.isEmpty())) {
            throw new IllegalArgumentException("verbund.pkcs11.pin is required with verbund.pkcs11.library");
        }
        if (sessions < 1 || sessions > 64) {
            throw new IllegalArgumentException("verbund.pkcs11.sessions must be between 1 and 64");
        }
    }

    public boolean enabled() {
        return library != null;
    }

    @Override
    public String toString() {
        return "Pkcs11Properties[library=" + library + ", tokenLabel=" + tokenLabel + ", pin=***, sessions=" + sessions + "]";
    }
}
