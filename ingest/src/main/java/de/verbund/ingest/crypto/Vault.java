package de.verbund.ingest.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import de.verbund.access.label.Authority;
import de.verbund.access.policy.ReportId;
import de.verbund.ingest.Original;
import org.bouncycastle.asn1.cms.KEKIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KEKRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKEKAuthEnvelopedRecipient;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.KEKRecipientInfoGenerator;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OperatorException;
import org.bouncycastle.operator.SymmetricKeyWrapper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;

/**
 * The vault of encrypted originals on the file system: one CMS AuthEnvelopedData file per report
 * ({@code <root>/<2 hex>/<report id>.p7m}). Writing streams in chunks (never the whole file in memory), fsyncs
 * the file, moves it atomically into place and fsyncs the folder, so that a stored original survives a crash.
 */
public final class Vault {

    /** Bytes fed to the cipher per call; 16–64 KiB keeps AES-GCM on the JDK provider above 1 GB/s. */
    static final int CHUNK = 64 * 1024;

    private static final Provider BC = new BouncyCastleProvider();

    private final Path root;
    private final KeyEncryptionKeys keys;
    private final SecureRandom random = new SecureRandom();
    private final VaultPack pack;

    public Vault(Path root, KeyEncryptionKeys keys) {
        this.root = root;
        this.keys = keys;
        this.pack = new VaultPack(root);
    }

    /** The packs of small originals (compaction after erasure). */
    public VaultPack packs() {
        return pack;
    }

    /** Originals up to this size go into a pack with group durability; larger ones into their own file. */
    public static final long PACK_LIMIT = Original.IN_MEMORY_LIMIT;

    /**
     * Encrypts several small originals, each into its own CMS AuthEnvelopedData with its own data key, and makes
     * them durable together with one force. @return a location per original, in order
     */
    public List<Stored> storeAll(Authority authority, List<? extends Original> plaintexts) {
        Kek kek = keys.current(authority);
        List<byte[]> blobs = new java.util.ArrayList<>(plaintexts.size());
        List<DataKey> dataKeys = new java.util.ArrayList<>(plaintexts.size());
        try {
            for (Original plaintext : plaintexts) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(plaintext.size() + 1024, PACK_LIMIT + 4096));
                dataKeys.add(encrypt(plaintext, out, kek));
                blobs.add(out.toByteArray());
            }
        } catch (IOException | CMSException e) {
            throw new VaultUnavailable("the originals could not be encrypted", e);
        }
        List<String> locations = pack.appendAll(blobs);
        List<Stored> stored = new java.util.ArrayList<>(locations.size());
        for (int i = 0; i < locations.size(); i++) {
            stored.add(new Stored(kek.id(), blobs.get(i).length, locations.get(i), dataKeys.get(i)));
        }
        return stored;
    }

    /** Opens an original stored at a location returned by {@link #storeAll}, or in its own file when null. */
    public Optional<InputStream> open(ReportId id, @org.jspecify.annotations.Nullable String location) {
        if (!VaultPack.isPackLocation(location)) {
            return openFile(file(id, location));
        }
        try {
            if (!pack.exists(location)) {
                return Optional.empty();
            }
            return Optional.of(decrypt(pack.read(location)));
        } catch (IOException | CMSException e) {
            throw new VaultUnavailable("the original could not be opened", e);
        }
    }

    /** Crypto-shredding of an original, in its own file or in a pack. */
    public boolean destroy(ReportId id, @org.jspecify.annotations.Nullable String location) {
        if (!VaultPack.isPackLocation(location)) {
            return destroyFile(file(id, location));
        }
        try {
            pack.destroy(location);
            return true;
        } catch (IOException e) {
            throw new VaultUnavailable("the original could not be destroyed", e);
        }
    }

    /**
     * Where an original went and its size after encryption, with its data key, so that the caller can seal the
     * report's text under the same key ({@link SealedField}); the caller keeps the key in memory only.
     */
    public record Stored(String kekId, long encryptedBytes, @org.jspecify.annotations.Nullable String location,
                         DataKey dataKey) {}

    /**
     * The data key of a stored original, unwrapped from its CMS header (the only place a wrapped copy of it exists);
     * empty once the original was destroyed (erasure). Reads the header only, not the content.
     */
    public Optional<DataKey> dataKey(ReportId id, @org.jspecify.annotations.Nullable String location) {
        try {
            InputStream head;
            if (VaultPack.isPackLocation(location)) {
                if (!pack.exists(location)) {
                    return Optional.empty();
                }
                head = pack.readHead(location, HEAD_BYTES);
            } else {
                Path file = file(id, location);
                if (!Files.exists(file)) {
                    return Optional.empty();
                }
                head = new BufferedInputStream(Files.newInputStream(file), HEAD_BYTES);
            }
            try (head) {
                return Optional.of(unwrapDataKey(head));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | CMSException e) {
            throw new VaultUnavailable("the data key of an original could not be read", e);
        }
    }

    /**
     * Re-wraps the data key of a stored original under {@code kek} (key rotation): a new KEKRecipientInfo replaces the
     * old one in the CMS header; the encrypted content, its tag and the data key stay as they are, so the sealed text
     * in PostgreSQL keeps opening. A single file is replaced atomically; an original in a pack is written anew into
     * the current pack (its new location is returned; the caller repoints the row and then calls
     * {@link #discardRegion}). Idempotent: an original already wrapped under {@code kek} is wrapped again the same way.
     *
     * @return where the original lies now, wrapped under {@code kek}; empty when it is gone (erased)
     */
    public Optional<Rewrapped> rewrap(ReportId id, @org.jspecify.annotations.Nullable String location, Kek kek) {
        try {
            if (VaultPack.isPackLocation(location)) {
                if (!pack.exists(location)) {
                    return Optional.empty();
                }
                byte[] blob;
                try (InputStream in = pack.read(location)) {
                    blob = in.readAllBytes();
                }
                byte[] head = java.util.Arrays.copyOf(blob, Math.min(blob.length, HEAD_BYTES));
                Spliced spliced = spliceRecipient(head, kek);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(blob.length + 64);
                out.write(spliced.head());
                out.write(blob, head.length, blob.length - head.length);
                byte[] rewrapped = out.toByteArray();
                spliced.dataKey().wipe();
                String moved = pack.appendAll(List.of(rewrapped)).getFirst();
                return Optional.of(new Rewrapped(kek.id(), moved));
            }
            Path file = file(id, location);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ);
                 FileChannel target = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                         StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer headBuffer = java.nio.ByteBuffer.allocate((int) Math.min(HEAD_BYTES, source.size()));
                while (headBuffer.hasRemaining() && source.read(headBuffer) >= 0) {
                    // fill the head
                }
                Spliced spliced = spliceRecipient(headBuffer.array(), kek);
                spliced.dataKey().wipe();
                java.nio.ByteBuffer newHead = java.nio.ByteBuffer.wrap(spliced.head());
                while (newHead.hasRemaining()) {
                    target.write(newHead);
                }
                long position = headBuffer.capacity();
                while (position < source.size()) {
                    position += source.transferTo(position, source.size() - position, target);
                }
                target.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(file.getParent());
            return Optional.of(new Rewrapped(kek.id(), location));
        } catch (IOException | CMSException e) {
            throw new VaultUnavailable("the data key of an original could not be re-wrapped", e);
        }
    }

    /** Where a re-wrapped original lies ({@code null}: its own file, unchanged path) and under which key. */
    public record Rewrapped(String kekId, @org.jspecify.annotations.Nullable String location) {}

    /** After a re-wrapped original's row points to its new location: overwrites the old region with zeros. */
    public void discardRegion(String oldLocation) {
        try {
            pack.destroy(oldLocation);
        } catch (IOException e) {
            throw new VaultUnavailable("an old region could not be discarded", e);
        }
    }

    private record Spliced(byte[] head, DataKey dataKey) {}

    /**
     * The head of a CMS AuthEnvelopedData with its recipient infos replaced by one KEKRecipientInfo for {@code kek}.
     * The containers around are written with indefinite lengths by the stream generator, so only the set itself
     * changes; a head with definite outer lengths is re-wrapped only when the set keeps its length.
     */
    private Spliced spliceRecipient(byte[] head, Kek kek) throws IOException, CMSException {
        DataKey dataKey = unwrapDataKey(new java.io.ByteArrayInputStream(head));
        org.bouncycastle.asn1.ASN1StreamParser parser = new org.bouncycastle.asn1.ASN1StreamParser(head);
        org.bouncycastle.asn1.cms.ContentInfoParser info = new org.bouncycastle.asn1.cms.ContentInfoParser(
                (org.bouncycastle.asn1.ASN1SequenceParser) parser.readObject());
        org.bouncycastle.asn1.cms.AuthEnvelopedDataParser data = new org.bouncycastle.asn1.cms.AuthEnvelopedDataParser(
                (org.bouncycastle.asn1.ASN1SequenceParser) info.getContent(org.bouncycastle.asn1.BERTags.SEQUENCE));
        data.getVersion();
        if (data.getOriginatorInfo() != null) {
            throw new CMSException("an original with originator info cannot be re-wrapped");
        }
        byte[] old = org.bouncycastle.asn1.ASN1Set.getInstance(data.getRecipientInfos().toASN1Primitive())
                .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        int at = indexOf(head, old);
        if (at < 0) {
            throw new CMSException("the recipient infos of the original were not found in its head");
        }
        byte[] raw = dataKey.bytes();
        byte[] fresh;
        try {
            org.bouncycastle.asn1.cms.RecipientInfo recipient = new KekRecipientInfoGenerator(kek).generate(
                    new GenericKey(new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_GCM), raw));
            fresh = new org.bouncycastle.asn1.DERSet(recipient).getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
        boolean indefinite = head.length > 1 && (head[1] & 0xff) == 0x80;
        if (!indefinite && fresh.length != old.length) {
            throw new CMSException("the original's head has definite lengths; its recipient infos cannot change size");
        }
        byte[] spliced = new byte[head.length - old.length + fresh.length];
        System.arraycopy(head, 0, spliced, 0, at);
        System.arraycopy(fresh, 0, spliced, at, fresh.length);
        System.arraycopy(head, at + old.length, spliced, at + fresh.length, head.length - at - old.length);
        return new Spliced(spliced, dataKey);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Enough of a CMS AuthEnvelopedData to hold its header with the recipient infos. */
    static final int HEAD_BYTES = 4096;

    /**
     * Encrypts the plaintext file for the authority and stores it durably under the report id.
     * The plaintext is read once, streaming; the caller keeps and deletes its file.
     */
    public Stored store(ReportId id, Authority authority, Original plaintext) {
        return storeFile(id, null, authority, plaintext);
    }

    /** {@link #store(ReportId, Authority, Original)} of a file on disk. */
    public Stored store(ReportId id, Authority authority, Path plaintext) {
        try {
            return store(id, authority, Original.of(plaintext));
        } catch (IOException e) {
            throw new VaultUnavailable("the original could not be read", e);
        }
    }

    /**
     * Stores a later version of a report's original in its own file ({@code <id>.v<N>.p7m}, location
     * {@code version:<N>}), beside the earlier versions; otherwise as {@link #store}.
     */
    public Stored storeVersion(ReportId id, int version, Authority authority, Original plaintext) {
        if (version < 2) {
            throw new IllegalArgumentException("a later version has a number from 2 on");
        }
        return storeFile(id, VERSION_PREFIX + version, authority, plaintext);
    }

    private static final String VERSION_PREFIX = "version:";

    /** The file of an original that is not in a pack: its own ({@code null}) or a later version's. */
    Path file(ReportId id, @org.jspecify.annotations.Nullable String location) {
        if (location == null) {
            return path(id);
        }
        if (!location.startsWith(VERSION_PREFIX)) {
            throw new IllegalArgumentException("not a vault location");
        }
        int version = Integer.parseInt(location.substring(VERSION_PREFIX.length()));
        String name = id.toString();
        return root.resolve(name.substring(0, 2)).resolve(name + ".v" + version + ".p7m");
    }

    private Stored storeFile(ReportId id, @org.jspecify.annotations.Nullable String location, Authority authority,
                             Original plaintext) {
        Kek kek = keys.current(authority);
        Path target = file(id, location);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        DataKey dataKey;
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
                 OutputStream file = java.nio.channels.Channels.newOutputStream(channel)) {
                dataKey = encrypt(plaintext, file, kek);
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            fsyncDirectory(target.getParent());
            return new Stored(kek.id(), Files.size(target), location, dataKey);
        } catch (IOException | CMSException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup); // the janitor removes the leftover after its grace period
            }
            throw new VaultUnavailable("the original could not be stored", e);
        }
    }

    /**
     * Writes CMS AuthEnvelopedData of {@code plaintext} to {@code out}; does not close {@code out}.
     * @return the data key the content was encrypted with
     */
    DataKey encrypt(Original plaintext, OutputStream out, Kek kek) throws IOException, CMSException {
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        generator.setBufferSize(CHUNK);
        generator.addRecipientInfoGenerator(new KekRecipientInfoGenerator(kek));
        // Bouncy Castle for the format, the key-encryption key (token or software) for the key wrap, the JDK provider
        // (AES-NI) for the bulk cipher.
        OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                .setProvider("SunJCE").setSecureRandom(random).build();
        try (OutputStream encrypted = generator.open(nonClosing(out), encryptor);
             InputStream in = plaintext.open()) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                encrypted.write(buffer, 0, n);
            }
        }
        Object representation = encryptor.getKey().getRepresentation();
        byte[] raw = representation instanceof java.security.Key key ? key.getEncoded()
                : representation instanceof byte[] bytes ? bytes.clone() : null;
        if (raw == null) {
            throw new CMSException("unexpected data key representation");
        }
        try {
            return new DataKey(raw);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    /** The data key in the recipient info of a CMS header (does not read the content). */
    DataKey unwrapDataKey(InputStream cms) throws IOException, CMSException {
        CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(cms);
        for (RecipientInformation recipient : parser.getRecipientInfos().getRecipients()) {
            if (recipient.getRID() instanceof KEKRecipientId kekId) {
                Optional<Kek> kek = keys.byId(kekId.getKeyIdentifier());
                if (kek.isPresent()) {
                    KekRecipient unwrapping = new KekRecipient(kek.get());
                    unwrapping.setProvider(BC);
                    recipient.getContentStream(unwrapping); // unwraps the key; the content stream is not read
                    return unwrapping.unwrapped();
                }
            }
        }
        throw new CMSException("no key-encryption key for this original");
    }

    /**
     * Opens a stored original, decrypting while reading. The GCM tag is checked at the end of the stream: a
     * tampered file makes the last read fail, so a consumer must treat the download as failed then.
     * The caller closes the stream.
     */
    public Optional<InputStream> open(ReportId id) {
        return openFile(path(id));
    }

    private Optional<InputStream> openFile(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(decrypt(new BufferedInputStream(Files.newInputStream(file), CHUNK)));
        } catch (IOException | CMSException e) {
            throw new VaultUnavailable("the original could not be opened", e);
        }
    }

    InputStream decrypt(InputStream cms) throws IOException, CMSException {
        CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(cms);
        Collection<RecipientInformation> recipients = parser.getRecipientInfos().getRecipients();
        for (RecipientInformation recipient : recipients) {
            if (recipient.getRID() instanceof KEKRecipientId kekId) {
                Optional<Kek> kek = keys.byId(kekId.getKeyIdentifier());
                if (kek.isPresent()) {
                    return recipient.getContentStream(new KekRecipient(kek.get()).setProvider(BC)).getContentStream();
                }
            }
        }
        throw new CMSException("no key-encryption key for this original");
    }

    /** The KEKRecipientInfo ({@code id-aes256-wrap}, RFC 3394) of a key-encryption key, which wraps the data key. */
    private static final class KekRecipientInfoGenerator extends KEKRecipientInfoGenerator {
        KekRecipientInfoGenerator(Kek kek) {
            super(new KEKIdentifier(kek.idBytes(), null, null), new KekWrapper(kek));
        }
    }

    private static final class KekWrapper extends SymmetricKeyWrapper {
        private final Kek kek;

        KekWrapper(Kek kek) {
            super(new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_wrap));
            this.kek = kek;
        }

        @Override
        public byte[] generateWrappedKey(GenericKey dataKey) throws OperatorException {
            if (dataKey.getRepresentation() instanceof java.security.Key key) {
                byte[] copy = key.getEncoded();
                try {
                    return kek.wrap(copy);
                } finally {
                    java.util.Arrays.fill(copy, (byte) 0);
                }
            }
            if (dataKey.getRepresentation() instanceof byte[] raw) {
                return kek.wrap(raw);
            }
            throw new OperatorException("unexpected data key representation");
        }
    }

    /** Unwraps the data key with the key-encryption key (in the token or in software); content with Bouncy Castle. */
    private static final class KekRecipient extends JceKEKAuthEnvelopedRecipient {
        private final Kek kek;
        private DataKey unwrapped;

        DataKey unwrapped() {
            if (unwrapped == null) {
                throw new IllegalStateException("no data key was unwrapped");
            }
            return unwrapped;
        }

        KekRecipient(Kek kek) {
            super(new SecretKeySpec(new byte[32], "AES")); // not used: extractSecretKey is the key-encryption key's
            this.kek = kek;
        }

        @Override
        protected java.security.Key extractSecretKey(AlgorithmIdentifier keyEncryptionAlgorithm,
                AlgorithmIdentifier contentEncryptionAlgorithm, byte[] encryptedKey) throws CMSException {
            if (!NISTObjectIdentifiers.id_aes256_wrap.equals(keyEncryptionAlgorithm.getAlgorithm())) {
                throw new CMSException("unexpected key wrap algorithm " + keyEncryptionAlgorithm.getAlgorithm());
            }
            try {
                byte[] raw = kek.unwrap(encryptedKey);
                unwrapped = new DataKey(raw);
                return new SecretKeySpec(raw, "AES");
            } catch (IllegalArgumentException e) {
                throw new CMSException("the data key does not unwrap under " + kek.id(), e);
            }
        }
    }

    /** Crypto-shredding: the wrapped data key exists only in this file; deleting it destroys the key. */
    public boolean destroy(ReportId id) {
        return destroyFile(path(id));
    }

    private boolean destroyFile(Path file) {
        try {
            boolean deleted = Files.deleteIfExists(file);
            if (deleted) {
                fsyncDirectory(file.getParent());
            }
            return deleted;
        } catch (IOException e) {
            throw new VaultUnavailable("the original could not be destroyed", e);
        }
    }

    /** Every file in the vault with its report id (null for a leftover temp file) and last-modified time. */
    public java.util.List<java.util.Map.Entry<Path, java.nio.file.attribute.FileTime>> files() {
        if (!Files.isDirectory(root)) {
            return java.util.List.of();
        }
        try (var walk = Files.walk(root, 2)) {
            Path packs = root.resolve("packs");
            return walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(packs)).map(p -> {
                try {
                    return java.util.Map.entry(p, Files.getLastModifiedTime(p));
                } catch (IOException e) {
                    return java.util.Map.entry(p, java.nio.file.attribute.FileTime.fromMillis(0));
                }
            }).toList();
        } catch (IOException e) {
            throw new VaultUnavailable("the vault cannot be listed", e);
        }
    }

    Path path(ReportId id) {
        String name = id.toString();
        return root.resolve(name.substring(0, 2)).resolve(name + ".p7m");
    }

    static void fsyncDirectory(Path dir) throws IOException {
        de.verbund.access.secret.PrivateFiles.forceFolder(dir);
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
