using System.Security.Cryptography;
using System.Text;

namespace ZeegWebex.WebexSimulator;

/// <summary>Everything the simulated Webex remembers, in memory. One lock guards all of it: the
/// simulator serves tests, not load, and one lock keeps check-then-act steps (single-use codes,
/// the meeting quota) trivially atomic.</summary>
public sealed partial class SimulatorState(SimulatorOptions options, TimeProvider time)
{
    public const string InvalidRefreshTokenDescription = "The refresh token provided is expired, revoked, malformed, or invalid.";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimPerson> _peopleByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _orgByDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ConsentRequest> _consents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessGrant> _accessGrants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refreshGrants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimMeeting> _meetings = new(StringComparer.Ordinal);
    private readonly List<string> _meetingOrder = [];
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly List<string> _issuedSecrets = [];
    private readonly List<PlannedFault> _faults = [];
    private bool _adminApprovalRequired;
    private bool _integrationsRestricted;

    public SimulatorOptions Options => options;

    public IReadOnlyList<SimMeeting> Meetings
    {
        get
        {
            lock (_gate)
            {
                return _meetingOrder.Select(id => _meetings[id]).ToList();
            }
        }
    }

    public IReadOnlyList<SimPerson> People
    {
        get
        {
            lock (_gate)
            {
                return _peopleByEmail.Values.OrderBy(p => p.Created).ToList();
            }
        }
    }

    public bool AdminApprovalRequired
    {
        get
        {
            lock (_gate)
            {
                return _adminApprovalRequired;
            }
        }
    }

    /// <summary>The organisation restricts integrations: Webex shows its own "Access denied" page at authorize and
    /// never redirects back (unlike <see cref="AdminApprovalRequired"/>, which answers access_denied to the app).</summary>
    public bool IntegrationsRestricted
    {
        get
        {
            lock (_gate)
            {
                return _integrationsRestricted;
            }
        }
    }

    public void RestrictIntegrations(bool restricted)
    {
        lock (_gate)
        {
            _integrationsRestricted = restricted;
        }
    }

    public SimPerson? FindPerson(string email)
    {
        lock (_gate)
        {
            return _peopleByEmail.GetValueOrDefault(email);
        }
    }

    public int CallCount(string operation)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(operation);
        }
    }

    public IReadOnlyDictionary<string, int> CallCounts()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_calls);
        }
    }

    /// <summary>Successful refresh grants made with this refresh token.</summary>
    public int RefreshGrantsUsed(string refreshToken)
    {
        lock (_gate)
        {
            return _refreshGrants.TryGetValue(refreshToken, out var grant) ? grant.TimesUsed : 0;
        }
    }

    /// <summary>Successful refresh grants made with any refresh token of this person.</summary>
    public int RefreshGrantsUsedBy(string email)
    {
        lock (_gate)
        {
            return GrantsOf(email, _refreshGrants.Values).Sum(g => g.TimesUsed);
        }
    }

    /// <summary>Every code, access token and refresh token ever handed out, so tests can scan logs
    /// and databases for leaks.</summary>
    public IReadOnlyList<string> IssuedSecrets()
    {
        lock (_gate)
        {
            return _issuedSecrets.ToList();
        }
    }

    public void AddFault(SimFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _faults.Add(new PlannedFault(fault, fault.Times));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _peopleByEmail.Clear();
            _orgByDomain.Clear();
            _consents.Clear();
            _codes.Clear();
            _accessGrants.Clear();
            _refreshGrants.Clear();
            _meetings.Clear();
            _meetingOrder.Clear();
            _calls.Clear();
            _issuedSecrets.Clear();
            _faults.Clear();
            _adminApprovalRequired = false;
            _integrationsRestricted = false;
            ResetMeetingsSide();
        }
    }

    internal DateTimeOffset Now => time.GetUtcNow() + ClockShift;

    internal void CountCall(string operation)
    {
        lock (_gate)
        {
            _calls[operation] = _calls.GetValueOrDefault(operation) + 1;
        }
    }

    internal SimFault? TakeFault(string operation)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Fault.Operation == "*" || f.Fault.Operation == operation);
            if (index < 0)
            {
                return null;
            }
            var planned = _faults[index];
            if (planned.Remaining > 0)
            {
                _faults[index] = planned with { Remaining = planned.Remaining - 1 };
                if (planned.Remaining == 1)
                {
                    _faults.RemoveAt(index);
                }
            }
            return planned.Fault;
        }
    }


    internal static string S256(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));


    private SimPerson PersonFor(string email)
    {
        if (_peopleByEmail.TryGetValue(email, out var known))
        {
            return known;
        }
        var local = email.Split('@')[0];
        var domain = email.Contains('@') ? email.Split('@')[1] : "example.com";
        var names = local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries).Select(Capitalize).ToArray();
        var firstName = names.FirstOrDefault() ?? "Webex";
        var lastName = names.Length > 1 ? string.Join(' ', names[1..]) : "User";
        if (!_orgByDomain.TryGetValue(domain, out var orgId))
        {
            orgId = WebexId("ORGANIZATION");
            _orgByDomain[domain] = orgId;
        }
        var person = new SimPerson(WebexId("PEOPLE"), email, $"{firstName} {lastName}", firstName, firstName, lastName, orgId, "Europe/Berlin", Now);
        _peopleByEmail[email] = person;
        return person;
    }

    private IEnumerable<T> GrantsOf<T>(string email, IEnumerable<T> grants)
    {
        if (!_peopleByEmail.TryGetValue(email, out var person))
        {
            return [];
        }
        return grants.Where(g => g switch
        {
            AccessGrant a => a.PersonId == person.Id,
            RefreshGrant r => r.PersonId == person.Id,
            _ => false,
        });
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    // Webex ids are base64 of a "ciscospark://" URI.
    private static string WebexId(string kind) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"ciscospark://us/{kind}/{Guid.NewGuid()}")).TrimEnd('=');

    private static string NewSecret(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string RandomDigits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));

    private static string NewMeetingPassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 11);

    private static long Seconds(TimeSpan span) => Math.Max(0, (long)span.TotalSeconds);

    private sealed record PlannedFault(SimFault Fault, int Remaining);
}
