package de.verbund.ingest.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

import de.verbund.access.label.Authority;
import de.verbund.ingest.Original;
import org.bouncycastle.cms.CMSException;

/** Entry for the encryption benchmark: the vault's encryption without the file system around it. */
public final class VaultBench {

    private VaultBench() {
    }

    public static void encrypt(KeyEncryptionKeys keys, Authority authority, Path plaintext, OutputStream out)
            throws IOException, CMSException {
        new Vault(Path.of("unused"), keys).encrypt(Original.of(plaintext), out, keys.current(authority));
    }
}
