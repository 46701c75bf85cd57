using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.OpenSsl;

namespace Audit.Infrastructure.Integrity;

/// <summary>
/// Ed25519 over checkpoint bodies, with keys as OpenSSL writes them (PKCS#8 / SubjectPublicKeyInfo
/// PEM), so that an auditor can check a checkpoint with <c>openssl pkeyutl -verify -rawin</c>.
/// .NET has no Ed25519 of its own on every OS; BouncyCastle is managed code.
/// </summary>
public static class CheckpointSigner
{
    public static Ed25519PrivateKeyParameters LoadPrivateKey(string path) =>
        Read(path) switch
        {
            Ed25519PrivateKeyParameters k => k,
            AsymmetricCipherKeyPair { Private: Ed25519PrivateKeyParameters k } => k,
            _ => throw new InvalidOperationException($"{path} holds no Ed25519 private key (make one with: openssl genpkey -algorithm ed25519 -out {path})"),
        };

    public static Ed25519PublicKeyParameters LoadPublicKey(string path) =>
        Read(path) switch
        {
            Ed25519PublicKeyParameters k => k,
            Ed25519PrivateKeyParameters k => k.GeneratePublicKey(),
            _ => throw new InvalidOperationException($"{path} holds no Ed25519 public key (make one with: openssl pkey -in KEY -pubout -out {path})"),
        };

    public static byte[] Sign(Ed25519PrivateKeyParameters key, byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    public static bool Verify(Ed25519PublicKeyParameters key, byte[] message, byte[] signature)
    {
        var signer = new Ed25519Signer();
        signer.Init(false, key);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.VerifySignature(signature);
    }

    /// <summary>Writes a fresh key pair as PEM (private key readable by its owner only).</summary>
    public static void CreateKeyPair(string privatePath, string publicPath)
    {
        var key = new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
        Write(privatePath, key);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Write(publicPath, key.GeneratePublicKey());
    }

    private static object Read(string path)
    {
        using var reader = new StreamReader(path);
        return new PemReader(reader).ReadObject() ?? throw new InvalidOperationException($"{path} is not a PEM key");
    }

    private static void Write(string path, object key)
    {
        using var writer = new StreamWriter(path);
        var pem = new PemWriter(writer);
        pem.WriteObject(key is Ed25519PrivateKeyParameters p ? new Org.BouncyCastle.OpenSsl.Pkcs8Generator(p) : key);
    }
}
