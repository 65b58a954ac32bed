package de.verbund.ingest;

import java.nio.file.Path;

import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.extract.ExtractionLimits;
import de.verbund.ingest.extract.IsolatedExtractor;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ingest pipeline's infrastructure: parser processes, key-encryption keys and the vault. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExtractionLimits.class)
class IngestConfiguration {

    @Bean(destroyMethod = "close")
    IsolatedExtractor isolatedExtractor(ExtractionLimits limits,
                                        @Value("${verbund.extract.work-dir:${java.io.tmpdir}/verbund-extract}") Path workDir) {
        return new IsolatedExtractor(limits, workDir);
    }

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(@Value("${verbund.crypto.keystore}") Path keystore,
                                        @Value("${verbund.crypto.master-secret}") String masterSecret) {
        return KeyEncryptionKeys.open(keystore, masterSecret.toCharArray());
    }

    @Bean
    Vault vault(@Value("${verbund.vault.dir}") Path root, KeyEncryptionKeys keys) {
        return new Vault(root, keys);
    }
}
