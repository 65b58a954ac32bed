package de.verbund.ingest;

import java.nio.file.Files;

import de.verbund.access.secret.Pkcs11Token;
import de.verbund.ingest.crypto.FileKeyEncryptionKeys;
import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.crypto.TokenKeyEncryptionKeys;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.extract.IsolatedExtractor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ingest pipeline's infrastructure: parser processes, key-encryption keys and the vault. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean(destroyMethod = "close")
    IsolatedExtractor isolatedExtractor(IngestProperties properties) {
        return new IsolatedExtractor(properties.extract(), properties.extract().work());
    }

    /**
     * In the PKCS#11 token when one is configured (keys of an existing development key store are imported once),
     * otherwise in the development key store file.
     */
    @Bean
    KeyEncryptionKeys keyEncryptionKeys(IngestProperties properties, ObjectProvider<Pkcs11Token> token) {
        IngestProperties.Crypto crypto = properties.crypto();
        Pkcs11Token hsm = token.getIfAvailable();
        if (hsm != null) {
            FileKeyEncryptionKeys earlier = crypto.hasKeystore() && Files.exists(crypto.keystore())
                    ? KeyEncryptionKeys.open(crypto.keystore(), crypto.masterSecret().toCharArray()) : null;
            return TokenKeyEncryptionKeys.open(hsm, earlier);
        }
        if (!crypto.hasKeystore()) {
            throw new IllegalStateException("key-encryption keys need a PKCS#11 token (verbund.pkcs11.library) or, for "
                    + "development, verbund.crypto.keystore and verbund.crypto.master-secret");
        }
        return KeyEncryptionKeys.open(crypto.keystore(), crypto.masterSecret().toCharArray());
    }

    @Bean
    Vault vault(IngestProperties properties, KeyEncryptionKeys keys) {
        return new Vault(properties.vault().dir(), keys);
    }
}
