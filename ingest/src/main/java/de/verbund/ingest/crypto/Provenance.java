package de.verbund.ingest.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;

import de.verbund.access.label.Authority;
import de.verbund.ingest.Original;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * Verifies an optional detached CMS signature (RFC 5652 SignedData) of the submitting authority over the
 * original. A signature that does not verify refuses the submission; one that verifies is recorded as VERIFIED
 * when its certificate was issued by (or is) the authority's trust anchor ({@code <trust-dir>/<AUTHORITY>.pem}),
 * otherwise as VALID_UNTRUSTED with the signer's name.
 */
public final class Provenance {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final Path trustDir;

    public Provenance(Path trustDir) {
        this.trustDir = trustDir;
    }

    public enum Status { VERIFIED, VALID_UNTRUSTED }

    public record Result(Status status, String signer) {}

    public static final class SignatureInvalid extends Exception {
        public SignatureInvalid(String message) {
            super(message);
        }
    }

    public Result verify(Original original, byte[] signature, Authority authority) throws SignatureInvalid {
        try {
            CMSSignedData signed = new CMSSignedData(switch (original) {
                case Original.InMemory memory -> new CMSProcessableByteArray(memory.bytes());
                case Original.OnDisk disk -> new CMSProcessableFile(disk.file().toFile());
            }, signature);
            Store<X509CertificateHolder> certificates = signed.getCertificates();
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.isEmpty()) {
                throw new SignatureInvalid("the signature has no signer");
            }
            Result result = null;
            for (SignerInformation signer : signers) {
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> matches = certificates.getMatches(signer.getSID());
                if (matches.isEmpty()) {
                    throw new SignatureInvalid("the signer's certificate is not included");
                }
                X509Certificate cert = new JcaX509CertificateConverter().setProvider(BC).getCertificate(matches.iterator().next());
                if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert))) {
                    throw new SignatureInvalid("the signature does not match the file");
                }
                boolean trusted = anchor(authority).map(a -> issuedBy(cert, a)).orElse(false);
                result = new Result(trusted ? Status.VERIFIED : Status.VALID_UNTRUSTED, cert.getSubjectX500Principal().getName());
            }
            return result;
        } catch (CMSException | CertificateException | OperatorCreationException | IllegalArgumentException e) {
            throw new SignatureInvalid("the signature is not a valid detached CMS signature");
        }
    }

    private Optional<X509Certificate> anchor(Authority authority) {
        Path pem = trustDir.resolve(authority.code() + ".pem");
        if (!Files.isRegularFile(pem)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(pem)) {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | CertificateException e) {
            return Optional.empty();
        }
    }

    private static boolean issuedBy(X509Certificate cert, X509Certificate anchor) {
        try {
            cert.checkValidity();
            if (cert.equals(anchor)) {
                return true;
            }
            cert.verify(anchor.getPublicKey());
            return cert.getIssuerX500Principal().equals(anchor.getSubjectX500Principal());
        } catch (Exception e) {
            return false;
        }
    }
}
