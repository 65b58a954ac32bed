package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import de.verbund.access.label.Authority;
import de.verbund.access.policy.ReportId;
import de.verbund.access.secret.Pkcs11Properties;
import de.verbund.access.secret.Pkcs11Token;
import de.verbund.audit.AuditKeys;
import de.verbund.audit.AuditLog;
import de.verbund.audit.SignedNote;
import de.verbund.ingest.crypto.FileKeyEncryptionKeys;
import de.verbund.ingest.crypto.Kek;
import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.crypto.TokenKeyEncryptionKeys;
import de.verbund.ingest.crypto.Vault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key-encryption keys and the audit checkpoint key live in a PKCS#11 token (SoftHSM2, set up by
 * deploy/local/services.sh): data keys are wrapped and unwrapped inside it, checkpoints are signed inside it, and
 * neither key can be read out of it.
 */
@HubTest
class HsmKeysTests {

    @Autowired
    Pkcs11Token token;

    @Autowired
    Pkcs11Properties pkcs11;

    @Autowired
    KeyEncryptionKeys keys;

    @Autowired
    AuditKeys auditKeys;

    @Autowired
    AuditLog auditLog;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @TempDir
    Path dir;

    @Test
    void hubKeysAreTheTokensNotFiles() {
        assertThat(keys).isInstanceOf(TokenKeyEncryptionKeys.class);
        Kek kek = keys.current(new Authority("LKA-BY"));
        assertThat(token.secretKey(KeyEncryptionKeys.label("LKA-BY", kek.version()))).isPresent();
        assertThat(kek.toString()).contains("in the token");
    }

    /** An independent PKCS#11 client (the JDK's SunPKCS11) sees the keys but gets no key material out. */
    @Test
    void keysCannotBeReadOutOfTheToken() throws Exception {
        Path config = Files.writeString(dir.resolve("p11.cfg"), "name = VerbundTest\nlibrary = " + pkcs11.library()
                + "\nslot = " + token.slotId() + "\n");
        Provider provider = Security.getProvider("SunPKCS11").configure(config.toString());
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, pkcs11.pin().toCharArray());
        List<String> aliases = Collections.list(store.aliases());
        String kekLabel = KeyEncryptionKeys.label("BKA", keys.current(new Authority("BKA")).version());
        assertThat(aliases).contains(kekLabel);
        java.security.Key kek = store.getKey(kekLabel, null);
        assertThat(kek.getEncoded()).as("a sensitive key has no encoding outside the token").isNull();
        assertThat(kek.toString()).contains("sensitive");
    }

    @Test
    void dataKeyWrappedInTheTokenUnwrapsOnlyUnderTheSameKeyAndUnaltered() {
        Kek bka = keys.current(new Authority("BKA"));
        Kek by = keys.current(new Authority("LKA-BY"));
        byte[] dataKey = new byte[32];
        new java.security.SecureRandom().nextBytes(dataKey);
        byte[] wrapped = bka.wrap(dataKey);
        assertThat(wrapped).hasSize(40);
        assertThat(bka.unwrap(wrapped)).isEqualTo(dataKey);
        assertThatThrownBy(() -> by.unwrap(wrapped)).isInstanceOf(IllegalArgumentException.class);
        byte[] altered = wrapped.clone();
        altered[7] ^= 1;
        assertThatThrownBy(() -> bka.unwrap(altered)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The token's key wrap is RFC 3394 exactly: the same key wraps to the same bytes as the JDK's AESWrap. */
    @Test
    void tokenKeyWrapIsStandardAesKeyWrap() throws Exception {
        byte[] known = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        byte[] dataKey = HexFormat.of().parseHex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
        Pkcs11Token.KeyHandle imported = token.importWrappingKey("rfc3394-test-" + UUID.randomUUID(), known.clone());
        Cipher jdk = Cipher.getInstance("AESWrap");
        jdk.init(Cipher.WRAP_MODE, new SecretKeySpec(known, "AES"));
        byte[] expected = jdk.wrap(new SecretKeySpec(dataKey, "AES"));
        // RFC 3394 section 4.6: 256-bit key data with a 256-bit KEK
        assertThat(HexFormat.of().formatHex(expected)).isEqualToIgnoringCase(
                "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
        assertThat(token.wrap(imported, dataKey)).isEqualTo(expected);
    }

    @Test
    void checkpointSignedInTheTokenVerifiesUnderThePublishedKey() throws Exception {
        assertThat(token.signingKey("audit-checkpoint")).isPresent();
        java.time.Instant started = java.time.Instant.now();
        new HubClient(port).get(null, "/api/v1/nonexistent"); // an audited refusal, so that a new checkpoint follows
        AuditLog.Checkpoint checkpoint = null;
        for (int i = 0; i < 100 && (checkpoint == null || checkpoint.createdAt().isBefore(started)); i++) {
            Thread.sleep(100);
            checkpoint = auditLog.latestCheckpoint().orElse(null);
        }
        assertThat(checkpoint).as("a checkpoint signed after the test started").isNotNull();
        assertThat(checkpoint.createdAt()).isAfterOrEqualTo(started.minusSeconds(1));
        String note = checkpoint.note();
        assertThat(SignedNote.verify(note, auditKeys.keyName(), auditKeys.publicKey())).isTrue();
        String published = new HubClient(port).get(null, "/api/v1/audit/public-key").body().strip();
        assertThat(published).isEqualTo(auditKeys.verifierKey());
        String body = note.substring(0, note.indexOf("\n\n"));
        String forged = note.replace(body, body.replaceFirst("\n(\\d+)\n", "\n999999999\n"));
        assertThat(SignedNote.verify(forged, auditKeys.keyName(), auditKeys.publicKey())).isFalse();
    }

    /**
     * Switching from the development key store to the token: keys the token lacks are imported once, and an original
     * wrapped with the file key opens through the token.
     */
    @Test
    void developmentKeysImportedOnceSoEarlierOriginalsStillOpen() throws Exception {
        FileKeyEncryptionKeys file = KeyEncryptionKeys.open(dir.resolve("kek.p12"), "dev-master-secret-0123456789".toCharArray());
        Authority sl = new Authority("LKA-SL");
        int tokenVersion = keys.current(sl).version();
        Kek newer;
        do {
            newer = file.rotate(sl);
        } while (newer.version() <= tokenVersion + 1);
        byte[] original = ("Altbestand " + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8);
        ReportId id = ReportId.random();
        new Vault(dir.resolve("vault"), file).store(id, sl, Files.write(dir.resolve("o.txt"), original));

        TokenKeyEncryptionKeys switched = TokenKeyEncryptionKeys.open(token, file);
        assertThat(switched.current(sl).version()).isEqualTo(newer.version());
        assertThat(switched.current(sl).toString()).contains("in the token");
        try (var in = new Vault(dir.resolve("vault"), switched).open(id).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(original);
        }
    }
}
