package de.verbund.ingest;

import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.extract.IsolatedExtractor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ingest pipeline's infrastructure: parser processes, key-encryption keys and the vault. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean(destroyMethod = "close")
    IsolatedExtractor isolatedExtractor(IngestProperties properties) {
        return new IsolatedExtractor(properties.extract(), properties.extract().work());
    }

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(IngestProperties properties) {
        return KeyEncryptionKeys.open(properties.crypto().keystore(), properties.crypto().masterSecret().toCharArray());
    }

    @Bean
    Vault vault(IngestProperties properties, KeyEncryptionKeys keys) {
        return new Vault(properties.vault().dir(), keys);
    }
}
