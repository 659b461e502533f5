package demogen

import (
	"fmt"
	"strings"
	"time"

	"github.com/shcr/shcr/fhir"
)

// person is one synthetic resident of Riverside: their demographics, which
// organisations hold a record about them, the local ids each organisation
// gave them, and (once history runs) the org-neutral facts of their health
// and care that every organisation's record is rendered from. Rendering
// every organisation from the same facts is what makes the records agree
// (same medicines, same allergies, letters about the same admissions).
type person struct {
	index   int
	nhs     string
	gender  string // male | female
	given   []string
	family  string
	prefix  string
	birth   time.Time
	death   time.Time // zero while alive
	address address
	phone   string
	mobile  string

	atGP, atAcute, atSocial bool
	// registeredElsewhere is set for people the hospital knows who are
	// registered with a practice outside this demo.
	registeredElsewhere bool
	// socialNoNHS people have no NHS number in the council's record; their
	// name there follows socialVariant.
	socialNoNHS   bool
	socialVariant string // exact | nickname | missing-middle-name

	gpID     string // GP Patient resource id (a UUID)
	gpNumber string // practice patient number
	mrn      string // hospital medical record number
	caseNo   string // council case number, six digits

	scenario string
	// richness multiplies how much each organisation records, so that
	// scenario people can carry the large records benchmarks need.
	richness [3]float64 // indexed by orgGP, orgAcute, orgSocial

	h *history

	// Filled in while rendering, for scenarios.json.
	sensitiveRefs []SensitiveResource
	withheldRef   string
	carerUser     string
	carerName     string
}

type address struct {
	line     string
	district string
	city     string
	postcode string
}

// Organisation indexes, in the fixed order they are listed everywhere.
const (
	orgGP = iota
	orgAcute
	orgSocial
)

// ageAt is the person's age in whole years on day t.
func (p *person) ageAt(t time.Time) int {
	age := t.Year() - p.birth.Year()
	if t.YearDay() < p.birth.YearDay() {
		age--
	}
	return age
}

// end is the last day anything can happen to the person: the reference
// date, or their death.
func (p *person) end(ref time.Time) time.Time {
	if !p.death.IsZero() {
		return p.death
	}
	return ref
}

// ageBand maps an age to the index used in prevalence tables.
func ageBand(age int) int {
	switch {
	case age < 18:
		return 0
	case age < 45:
		return 1
	case age < 65:
		return 2
	case age < 80:
		return 3
	}
	return 4
}

func (p *person) fullName() string {
	return strings.Join(p.given, " ") + " " + p.family
}

// socialGiven is the given names as the council recorded them: some
// records made without an NHS number use a nickname or drop the middle
// name, which is what later demographic matching has to cope with.
func (p *person) socialGiven() []string {
	switch p.socialVariant {
	case "nickname":
		if nick := nickname(p.given[0]); nick != "" {
			return append([]string{nick}, p.given[1:]...)
		}
	case "missing-middle-name":
		return p.given[:1]
	}
	return p.given
}

var (
	maleNames = []string{"James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Christopher", "Daniel",
		"Matthew", "Anthony", "Mark", "Paul", "Steven", "Andrew", "Kenneth", "Joshua", "George", "Kevin", "Brian", "Edward",
		"Ronald", "Timothy", "Jason", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Stephen", "Jonathan", "Peter",
		"Harry", "Oliver", "Jack", "Charlie", "Alfie", "Arthur", "Leo", "Noah", "Mohammed", "Amir", "Rajesh", "Tomasz",
		"Kwame", "Dylan", "Owen", "Frank", "Albert", "Harold", "Stanley", "Dennis", "Graham", "Keith", "Colin", "Derek", "Ian"}
	femaleNames = []string{"Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
		"Margaret", "Lisa", "Nancy", "Betty", "Sandra", "Ashley", "Dorothy", "Kimberly", "Emily", "Donna", "Michelle", "Carol",
		"Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Laura", "Helen", "Sharon", "Katherine", "Amy", "Anna", "Ruth",
		"Olivia", "Amelia", "Isla", "Ava", "Freya", "Lily", "Sophie", "Grace", "Priya", "Aisha", "Fatima", "Agnieszka", "Chloe",
		"Joan", "Doreen", "Irene", "Jean", "Pauline", "Wendy", "Gillian", "Valerie", "Eileen", "Sheila", "Maureen", "Christine"}
	familyNames = []string{"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
		"Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
		"Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee",
		"King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price",
		"Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell",
		"Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
		"Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain",
		"Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker",
		"Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Nowak", "Okafor", "Mensah", "Kowalski", "Ahmed"}
	streets = []string{"Mill Lane", "Church Street", "Station Road", "Victoria Road", "Riverside Walk", "Bridge Street",
		"Park Avenue", "Orchard Close", "Willow Way", "Meadow Rise", "Chapel Row", "Ferry Road", "Weavers Court", "Quay Street",
		"Kingfisher Drive", "Alder Grove", "Canal Side", "Market Place", "Heron Close", "Tannery Lane", "Oakfield Road",
		"Beech Crescent", "Wharf Street", "Lock Keepers Way", "Elm Terrace", "Abbey Gardens", "North Parade", "Hollybush Lane"}
	districts = []string{"", "", "", "Eastgate", "Millbrook", "Northbank", "Old Town", "Weir End"}
	// carerRelations are v3-RoleCode relationships for informal carers and
	// next of kin.
	carerRelations = []coding{
		{"http://terminology.hl7.org/CodeSystem/v3-RoleCode", "DAU", "natural daughter"},
		{"http://terminology.hl7.org/CodeSystem/v3-RoleCode", "SON", "natural son"},
		{"http://terminology.hl7.org/CodeSystem/v3-RoleCode", "SPS", "spouse"},
		{"http://terminology.hl7.org/CodeSystem/v3-RoleCode", "NIECE", "niece"},
		{"http://terminology.hl7.org/CodeSystem/v3-RoleCode", "NBOR", "neighbor"},
		{"http://terminology.hl7.org/CodeSystem/v3-RoleCode", "FRND", "unrelated friend"},
	}
)

// nickname returns a common short form of a given name, or "".
func nickname(given string) string {
	switch given {
	case "William":
		return "Bill"
	case "Robert":
		return "Bob"
	case "Richard":
		return "Rick"
	case "Thomas":
		return "Tom"
	case "Christopher":
		return "Chris"
	case "Michael":
		return "Mike"
	case "Edward":
		return "Ted"
	case "Anthony":
		return "Tony"
	case "Margaret":
		return "Peggy"
	case "Elizabeth":
		return "Liz"
	case "Katherine":
		return "Kate"
	case "Patricia":
		return "Pat"
	case "Susan":
		return "Sue"
	case "Deborah":
		return "Debbie"
	case "Jennifer":
		return "Jenny"
	case "Dorothy":
		return "Dot"
	}
	return ""
}

// ageWeights is the age distribution of the demo population by band
// (<18, 18-44, 45-64, 65-79, 80+): a little older than England as a whole,
// because the people a shared care record is opened for skew old.
var ageWeights = []float64{18, 26, 28, 17, 11}

var ageRanges = [][2]int{{0, 17}, {18, 44}, {45, 64}, {65, 79}, {80, 99}}

// makePeople draws the demographics and organisation membership of the
// whole population, and allocates every identifier. Identifiers come from
// one stream in person order so they are unique; everything else about
// person i comes from person i's own stream.
func makePeople(cfg Config) []*person {
	ids := newRNG(cfg.Seed, streamIDs, 0)
	usedNHS := map[string]bool{}
	usedMRN := map[string]bool{}
	usedCase := map[string]bool{}
	usedGPNumber := map[string]bool{}
	people := make([]*person, cfg.People)
	for i := range people {
		g := newRNG(cfg.Seed, streamPeople, uint64(i))
		p := &person{index: i, richness: [3]float64{1, 1, 1}}
		drawDemographics(g, p, cfg.Reference)
		drawMembership(g, p, cfg.Reference)
		p.nhs = unique(usedNHS, func() string { return nhsNumber(ids) })
		p.gpID = ids.uuid()
		p.gpNumber = unique(usedGPNumber, func() string { return fmt.Sprintf("%06d", ids.between(100000, 999999)) })
		p.mrn = unique(usedMRN, func() string { return fmt.Sprintf("44%05d", ids.between(0, 99999)) })
		p.caseNo = unique(usedCase, func() string { return fmt.Sprintf("%06d", ids.between(1, 999999)) })
		people[i] = p
	}
	return people
}

// unique draws until it gets a value not seen before. The map is only
// looked up, never iterated, so it cannot make the output depend on map
// order.
func unique(used map[string]bool, draw func() string) string {
	for {
		v := draw()
		if !used[v] {
			used[v] = true
			return v
		}
	}
}

// nhsNumber draws a synthetic NHS number in the 999 range, which NHS
// England keeps for testing, with a valid modulus 11 check digit.
func nhsNumber(g *rng) string {
	for {
		prefix := fmt.Sprintf("999%06d", g.intn(1000000))
		if check, ok := fhir.NHSNumberCheckDigit(prefix); ok {
			return fmt.Sprintf("%s%d", prefix, check)
		}
	}
}

func drawDemographics(g *rng, p *person, ref time.Time) {
	band := g.weighted(ageWeights)
	age := g.between(ageRanges[band][0], ageRanges[band][1])
	setAge(g, p, age, ref)
	if g.chance(0.5) {
		p.gender = "female"
	} else {
		p.gender = "male"
	}
	names := maleNames
	if p.gender == "female" {
		names = femaleNames
	}
	p.given = []string{pick(g, names)}
	if g.chance(0.6) {
		for {
			middle := pick(g, names)
			if middle != p.given[0] {
				p.given = append(p.given, middle)
				break
			}
		}
	}
	p.family = pick(g, familyNames)
	p.prefix = titleFor(g, p, ref)
	p.address = address{
		line:     fmt.Sprintf("%d %s", g.between(1, 180), pick(g, streets)),
		district: pick(g, districts),
		city:     "Riverside",
		postcode: postcode(g),
	}
	// Ofcom keeps 01632 960xxx and 07700 900xxx for drama, so these numbers
	// can never ring a real person.
	p.phone = fmt.Sprintf("01632 960%03d", g.intn(1000))
	p.mobile = fmt.Sprintf("07700 900%03d", g.intn(1000))
	// A few older people have died, mostly in the last three years.
	if age >= 70 && g.chance(0.05) {
		p.death = g.anytime(g.day(ref.AddDate(-3, 0, 0), ref.AddDate(0, 0, -14)))
	}
}

// setAge gives the person a birth date making them age years old on the
// reference date.
func setAge(g *rng, p *person, age int, ref time.Time) {
	latest := ref.AddDate(-age, 0, 0)
	p.birth = g.day(latest.AddDate(-1, 0, 1), latest)
}

func titleFor(g *rng, p *person, ref time.Time) string {
	if p.ageAt(ref) < 16 {
		return ""
	}
	if p.gender == "male" {
		if g.chance(0.03) {
			return "Dr"
		}
		return "Mr"
	}
	switch g.weighted([]float64{60, 25, 12, 3}) {
	case 0:
		return "Mrs"
	case 1:
		return "Ms"
	case 2:
		return "Miss"
	}
	return "Dr"
}

// postcode invents a postcode in the fictional RV (Riverside) area. RV is
// not a real UK postcode area, so no address here can be a real one; the
// inward code follows the real format (digit then two letters without C, I,
// K, M, O or V).
func postcode(g *rng) string {
	const inward = "ABDEFGHJLNPQRSTUWXYZ"
	return fmt.Sprintf("RV%d %d%c%c", g.between(1, 12), g.between(1, 9), inward[g.intn(len(inward))], inward[g.intn(len(inward))])
}

// drawMembership decides which organisations know the person. About 90%
// are registered with Riverside Surgery; everyone else is known to the
// hospital, having come in from another practice's area. The hospital and
// the council mostly know older, frailer people.
func drawMembership(g *rng, p *person, ref time.Time) {
	age := p.ageAt(ref)
	band := ageBand(age)
	p.atGP = g.chance(0.9)
	if !p.atGP {
		p.atAcute = true
		p.registeredElsewhere = true
		p.atSocial = age >= 18 && g.chance(0.1)
		return
	}
	socialP := [5]float64{0, .1, .2, .5, .9}[band]
	p.atSocial = g.chance(socialP)
	acuteP := [5]float64{.2, .32, .42, .6, .75}[band]
	if p.atSocial {
		acuteP = .85
	}
	p.atAcute = g.chance(acuteP)
}
