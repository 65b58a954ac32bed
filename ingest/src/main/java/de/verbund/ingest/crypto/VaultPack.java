package de.verbund.ingest.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group durability for small originals: each original is still its own CMS AuthEnvelopedData with its own data
 * key, but many are appended to one pack file and made durable with a single {@code force} — the vault's
 * equivalent of a database group commit (measured: one fsync costs 10–16 ms on these disks under load, which
 * capped single-file submissions at ~50/s). A location is {@code pack:<file>:<offset>:<length>}. Erasure
 * overwrites the region (wrapped data key and ciphertext) with zeros and forces it: crypto-shredding in place.
 * Each hub node writes its own packs, so nodes never share an append position.
 */
public final class VaultPack {

    static final long MAX_PACK_BYTES = 256L * 1024 * 1024;

    private final Path root;
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final ReentrantLock lock = new ReentrantLock();
    private FileChannel current;
    private Path currentPath;
    private int sequence;

    public VaultPack(Path root) {
        this.root = root.resolve("packs");
    }

    /** Appends the encrypted originals and forces them to disk once; returns their locations in order. */
    public List<String> appendAll(List<byte[]> blobs) {
        lock.lock();
        try {
            FileChannel channel = channel();
            List<String> locations = new ArrayList<>(blobs.size());
            for (byte[] blob : blobs) {
                long offset = channel.size();
                ByteBuffer buffer = ByteBuffer.wrap(blob);
                while (buffer.hasRemaining()) {
                    channel.write(buffer, offset + buffer.position());
                }
                locations.add("pack:" + currentPath.getFileName() + ":" + offset + ":" + blob.length);
            }
            channel.force(false);
            return locations;
        } catch (IOException e) {
            throw new VaultUnavailable("the originals could not be stored", e);
        } finally {
            lock.unlock();
        }
    }

    public static boolean isPackLocation(String location) {
        return location != null && location.startsWith("pack:");
    }

    InputStream read(String location) throws IOException {
        Region r = Region.parse(location);
        byte[] blob = new byte[(int) r.length()];
        try (FileChannel channel = FileChannel.open(root.resolve(r.file()), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(blob);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, r.offset() + buffer.position()) < 0) {
                    throw new IOException("pack truncated");
                }
            }
        }
        return new java.io.ByteArrayInputStream(blob);
    }

    /** The first bytes of an original in a pack (its CMS header), at most {@code max}. */
    InputStream readHead(String location, int max) throws IOException {
        Region r = Region.parse(location);
        byte[] head = new byte[(int) Math.min(max, r.length())];
        try (FileChannel channel = FileChannel.open(root.resolve(r.file()), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(head);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, r.offset() + buffer.position()) < 0) {
                    throw new IOException("pack truncated");
                }
            }
        }
        return new java.io.ByteArrayInputStream(head);
    }

    boolean exists(String location) {
        Region r = Region.parse(location);
        try (FileChannel channel = FileChannel.open(root.resolve(r.file()), StandardOpenOption.READ)) {
            ByteBuffer first = ByteBuffer.allocate(1);
            return channel.read(first, r.offset()) == 1 && first.get(0) != 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Overwrites the region with zeros and forces it; nothing to do when compaction already dropped the pack. */
    void destroy(String location) throws IOException {
        Region r = Region.parse(location);
        if (!Files.exists(root.resolve(r.file()))) {
            return;
        }
        try (FileChannel channel = FileChannel.open(root.resolve(r.file()), StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate((int) r.length());
            while (zeros.hasRemaining()) {
                channel.write(zeros, r.offset() + zeros.position());
            }
            channel.force(false);
        }
    }

    /** A pack file: its name, its size on disk, and when it was opened for appending. */
    public record PackFile(String name, long bytes, long createdMillis) {}

    /**
     * The packs no node appends to any more and whose last write lies {@code quietMillis} back (a submission writes
     * its originals before it commits their rows; the orphan janitor's grace is the same bound): this node's earlier
     * packs, and other nodes' packs opened more than two roll-over periods ago (a node rolls over to a new pack
     * after {@link #ROLLOVER_MILLIS}).
     */
    public List<PackFile> closedPacks(long nowMillis, long quietMillis) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        lock.lock();
        try (var files = Files.list(root)) {
            List<PackFile> closed = new ArrayList<>();
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".vpk")).toList()) {
                String name = p.getFileName().toString();
                String[] parts = name.split("-");
                if (parts.length != 4 || p.equals(currentPath)) {
                    continue;
                }
                long created = Long.parseLong(parts[2]);
                boolean quiet = nowMillis - Files.getLastModifiedTime(p).toMillis() >= quietMillis;
                if (quiet && (parts[1].equals(node) || nowMillis - created > 2 * ROLLOVER_MILLIS)) {
                    closed.add(new PackFile(name, Files.size(p), created));
                }
            }
            return closed;
        } catch (IOException | NumberFormatException e) {
            throw new VaultUnavailable("the vault's packs cannot be listed", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies the originals at these locations (each still its own CMS with its wrapped data key, unchanged) into the
     * current pack and forces it; returns the new location of each, in order.
     */
    public List<String> copy(List<String> locations) {
        List<byte[]> blobs = new ArrayList<>(locations.size());
        try {
            for (String location : locations) {
                try (InputStream in = read(location)) {
                    blobs.add(in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new VaultUnavailable("a pack could not be read for compaction", e);
        }
        return appendAll(blobs);
    }

    /** Deletes a pack whose live originals were copied elsewhere, and forces the folder. */
    public void delete(String packName) {
        if (packName.contains("/") || !packName.endsWith(".vpk")) {
            throw new IllegalArgumentException("not a pack name");
        }
        try {
            if (Files.deleteIfExists(root.resolve(packName))) {
                Vault.fsyncDirectory(root);
            }
        } catch (IOException e) {
            throw new VaultUnavailable("a compacted pack could not be deleted", e);
        }
    }

    /** Closes the current pack: the next original goes into a new one (compaction of the current pack, tests). */
    public void rollOver() {
        lock.lock();
        try {
            if (current != null) {
                current.close();
                current = null;
                currentPath = null;
            }
        } catch (IOException e) {
            throw new VaultUnavailable("the current pack could not be closed", e);
        } finally {
            lock.unlock();
        }
    }

    /** The pack a location lies in. */
    public static String packOf(String location) {
        return Region.parse(location).file();
    }

    /** A node appends to one pack for at most this long, so that other nodes can tell a closed pack by its age. */
    static final long ROLLOVER_MILLIS = 10 * 60 * 1000;

    private long currentCreated;

    private FileChannel channel() throws IOException {
        if (current == null || current.size() > MAX_PACK_BYTES || System.currentTimeMillis() - currentCreated > ROLLOVER_MILLIS) {
            if (current != null) {
                current.close();
            }
            Files.createDirectories(root);
            currentCreated = System.currentTimeMillis();
            currentPath = root.resolve("pack-" + node + "-" + currentCreated + "-" + (sequence++) + ".vpk");
            current = FileChannel.open(currentPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
            Vault.fsyncDirectory(root);
        }
        return current;
    }

    record Region(String file, long offset, long length) {
        static Region parse(String location) {
            String[] p = location.split(":");
            if (p.length != 4 || !p[0].equals("pack") || p[1].contains("/") || p[1].contains("..")) {
                throw new IllegalArgumentException("not a pack location");
            }
            return new Region(p[1], Long.parseLong(p[2]), Long.parseLong(p[3]));
        }
    }
}
