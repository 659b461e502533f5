package demogen

// This file holds the terminology the generator draws on. Every code is a
// real concept: SNOMED CT and dm+d codes were taken from the UK Core example
// instances (UKCore.R4 2.0.0), from NHS England and Bennett Institute
// material, or are long-standing international SNOMED CT concepts; LOINC
// codes are the standard ones for the UK lab units used (g/L, mmol/L,
// umol/L, mmol/mol). The medicine list is deliberately short: only dm+d
// concepts whose id we could confirm against a public source are used.

const (
	sctSystem     = "http://snomed.info/sct"
	loincSystem   = "http://loinc.org"
	dmdSystem     = "https://dmd.nhs.uk"
	ucumSystem    = "http://unitsofmeasure.org"
	actCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	confSystem    = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	ukCoreProfile = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"
)

// coding is one code from one code system.
type coding struct {
	system, code, display string
}

func sct(code, display string) coding   { return coding{sctSystem, code, display} }
func loinc(code, display string) coding { return coding{loincSystem, code, display} }

func (c coding) json() obj {
	return o("system", c.system, "code", c.code, "display", c.display)
}

// cc is a CodeableConcept holding the codings, with the first display as
// its text so that a human reading the JSON sees the meaning at once.
func cc(cs ...coding) obj {
	codings := make([]obj, len(cs))
	for i, c := range cs {
		codings[i] = c.json()
	}
	return o("coding", codings)
}

// ccText is a CodeableConcept with codings and explicit text.
func ccText(text string, cs ...coding) obj {
	return cc(cs...).set("text", text)
}

// Security labels for the later access-policy feature.
const (
	labelHIV = "HIV"
	labelPSY = "PSY"
	labelSEX = "SEX"
	labelETH = "ETH"
)

// labelDisplay is the v3-ActCode display of a sensitivity label.
func labelDisplay(label string) string {
	switch label {
	case labelHIV:
		return "HIV/AIDS information sensitivity"
	case labelPSY:
		return "psychiatry information sensitivity"
	case labelSEX:
		return "sexuality and reproductive health information sensitivity"
	case labelETH:
		return "substance abuse information sensitivity"
	}
	panic("demogen: unknown sensitivity label " + label)
}

// securityLabels is the meta.security array for a restricted resource with
// the given sensitivity labels.
func securityLabels(labels []string) []obj {
	if len(labels) == 0 {
		return nil
	}
	out := []obj{o("system", confSystem, "code", "R", "display", "restricted")}
	for _, l := range labels {
		out = append(out, o("system", actCodeSystem, "code", l, "display", labelDisplay(l)))
	}
	return out
}

// drug is a dm+d medicine with the way it is usually taken.
type drug struct {
	code, display string
	dose          string // dosage text as a prescriber writes it
	perDay        int    // doses per day, for Timing.repeat.frequency
	asNeeded      bool
	unit          coding // unit of presentation for quantities
	pack          int    // units per 28-day supply
	route         coding
}

var (
	oral       = sct("26643006", "Oral route")
	inhaled    = sct("447694001", "Respiratory tract route")
	tabletUnit = sct("428673006", "tablet")
	capsule    = sct("428641000", "capsule")
	// doseUnit has no code: the quantity of an inhaler is written as text.
	doseUnit = coding{display: "dose"}
)

// Medicines. The dm+d VMP ids were confirmed against UK Core examples, the
// NHS/Bennett Institute OpenPrescribing code, or published UK clinical
// examples.
var (
	amlodipine    = &drug{"319283006", "Amlodipine 5mg tablets", "One tablet once a day", 1, false, tabletUnit, 28, oral}
	metformin     = &drug{"325278007", "Metformin 500mg tablets", "One tablet twice a day with food", 2, false, tabletUnit, 56, oral}
	simvastatin   = &drug{"320000009", "Simvastatin 40mg tablets", "One tablet at night", 1, false, tabletUnit, 28, oral}
	salbutamol    = &drug{"320176004", "Salbutamol 100micrograms/dose inhaler CFC free", "Two puffs up to four times a day when required", 4, true, doseUnit, 200, inhaled}
	paracetamol   = &drug{"322236009", "Paracetamol 500mg tablets", "One or two tablets up to four times a day when required", 4, true, tabletUnit, 100, oral}
	apixaban      = &drug{"42206511000001102", "Apixaban 5mg tablets", "One tablet twice a day", 2, false, tabletUnit, 56, oral}
	amoxicillin   = &drug{"39732411000001106", "Amoxicillin 500mg capsules", "One capsule three times a day for 5 days", 3, false, capsule, 15, oral}
	clarithro     = &drug{"41946511000001109", "Clarithromycin 500mg tablets", "One tablet twice a day for 5 days", 2, false, tabletUnit, 10, oral}
	doxycycline   = &drug{"41948311000001104", "Doxycycline 100mg capsules", "Two capsules on day one then one capsule daily for 4 days", 1, false, capsule, 6, oral}
	ciprofloxacin = &drug{"39687811000001107", "Ciprofloxacin 500mg tablets", "One tablet twice a day for 7 days", 2, false, tabletUnit, 14, oral}
)

// chronicDef is a long-term condition that goes on the GP problem list.
type chronicDef struct {
	key  string
	code coding
	// prevalence by age band: <18, 18-44, 45-64, 65-79, 80+.
	prevalence [5]float64
	meds       []*drug
	review     string // the GP review appointment that goes with it
	clinic     clinic // hospital outpatient clinic that follows it up
}

var chronicDefs = []*chronicDef{
	{"htn", sct("38341003", "Hypertensive disorder"), [5]float64{0, .05, .22, .45, .6}, []*drug{amlodipine}, "Blood pressure review", clinicCardiology},
	{"t2dm", sct("44054006", "Diabetes mellitus type 2"), [5]float64{0, .02, .09, .18, .2}, []*drug{metformin, simvastatin}, "Diabetes annual review", clinicDiabetes},
	{"lipid", sct("55822004", "Hyperlipidemia"), [5]float64{0, .03, .12, .25, .25}, []*drug{simvastatin}, "Medication review", clinicNone},
	{"asthma", sct("195967001", "Asthma"), [5]float64{.1, .09, .08, .08, .07}, []*drug{salbutamol}, "Asthma review", clinicRespiratory},
	{"copd", sct("13645005", "Chronic obstructive lung disease"), [5]float64{0, .005, .04, .1, .12}, []*drug{salbutamol}, "COPD review", clinicRespiratory},
	{"depression", sct("35489007", "Depressive disorder"), [5]float64{.02, .12, .12, .1, .1}, nil, "Mental health review", clinicNone},
	{"anxiety", sct("197480006", "Anxiety disorder"), [5]float64{.03, .08, .07, .05, .04}, nil, "Mental health review", clinicNone},
	{"ckd", sct("433144002", "Chronic kidney disease stage 3"), [5]float64{0, .005, .03, .12, .3}, nil, "Chronic kidney disease review", clinicRenal},
	{"af", sct("49436004", "Atrial fibrillation"), [5]float64{0, .002, .02, .08, .15}, []*drug{apixaban}, "Anticoagulation review", clinicCardiology},
	{"oa", sct("396275006", "Osteoarthritis"), [5]float64{0, .02, .12, .3, .45}, []*drug{paracetamol}, "Medication review", clinicOrthopaedics},
	{"hf", sct("84114007", "Heart failure"), [5]float64{0, 0, .01, .04, .1}, nil, "Heart failure review", clinicCardiology},
	{"dementia", sct("52448006", "Dementia"), [5]float64{0, 0, .003, .04, .2}, nil, "Dementia care review", clinicGeriatric},
	{"obesity", sct("414916001", "Obesity"), [5]float64{.05, .15, .22, .2, .1}, nil, "Weight management review", clinicNone},
}

func chronicByKey(key string) *chronicDef {
	for _, d := range chronicDefs {
		if d.key == key {
			return d
		}
	}
	panic("demogen: unknown chronic condition " + key)
}

// episodeDef is a short illness seen in general practice.
type episodeDef struct {
	code     coding
	drug     *drug // nil: no prescription
	days     int   // typical duration
	children bool  // also seen in children
}

var episodeDefs = []episodeDef{
	{sct("54150009", "Upper respiratory infection"), nil, 7, true},
	{sct("10509002", "Acute bronchitis"), amoxicillin, 14, false},
	{sct("65363002", "Otitis media"), amoxicillin, 7, true},
	{sct("15805002", "Acute sinusitis"), nil, 14, false},
	{sct("68566005", "Urinary tract infectious disease"), ciprofloxacin, 7, false},
	{sct("279039007", "Low back pain"), paracetamol, 28, false},
	{sct("44465007", "Sprain of ankle"), paracetamol, 21, true},
	{sct("90176007", "Tonsillitis"), nil, 7, true},
	{sct("9826008", "Conjunctivitis"), nil, 7, true},
	{sct("43116000", "Eczema"), nil, 60, true},
	{sct("25374005", "Gastroenteritis"), nil, 5, true},
	{sct("25064002", "Headache"), paracetamol, 7, false},
	{sct("193462001", "Insomnia"), nil, 30, false},
	{sct("128045006", "Cellulitis"), doxycycline, 14, false},
}

// allergyDef is an allergy or intolerance as recorded in primary care.
type allergyDef struct {
	code     coding
	category string // food | medication | environment | biologic
	reaction coding
	drugTo   *drug // a medicine the allergy rules out, if any
}

var allergyDefs = []allergyDef{
	{sct("91936005", "Allergy to penicillin"), "medication", sct("247472004", "Urticarial rash"), amoxicillin},
	{sct("91936005", "Allergy to penicillin"), "medication", sct("39579001", "Anaphylaxis"), amoxicillin},
	{sct("293586001", "Allergy to aspirin"), "medication", sct("267036007", "Dyspnea"), nil},
	{sct("300916003", "Latex allergy"), "environment", sct("418290006", "Itching"), nil},
	{sct("91935009", "Allergy to peanuts"), "food", sct("39579001", "Anaphylaxis"), nil},
	{sct("418689008", "Allergy to grass pollen"), "environment", sct("418290006", "Itching"), nil},
	{sct("232347008", "Dander (animal) allergy"), "environment", sct("271807003", "Eruption of skin"), nil},
}

var noKnownDrugAllergy = sct("409137002", "No known drug allergy")

// Smoking status values.
var (
	neverSmoked = sct("266919005", "Never smoked tobacco")
	exSmoker    = sct("8517006", "Ex-smoker")
	smoker      = sct("77176002", "Smoker")
)

// Observation codes.
var (
	bpPanel     = []coding{sct("75367002", "Blood pressure"), loinc("85354-9", "Blood pressure panel with all children optional")}
	systolic    = loinc("8480-6", "Systolic blood pressure")
	diastolic   = loinc("8462-4", "Diastolic blood pressure")
	weightCode  = []coding{sct("27113001", "Body weight"), loinc("29463-7", "Body weight")}
	heightCode  = []coding{sct("50373000", "Body height"), loinc("8302-2", "Body height")}
	bmiCode     = []coding{sct("60621009", "Body mass index"), loinc("39156-5", "Body mass index (BMI) [Ratio]")}
	heartRate   = []coding{sct("364075005", "Heart rate"), loinc("8867-4", "Heart rate")}
	respRate    = []coding{sct("86290005", "Respiratory rate"), loinc("9279-1", "Respiratory rate")}
	temperature = []coding{sct("386725007", "Body temperature"), loinc("8310-5", "Body temperature")}
	oxygenSat   = []coding{sct("103228002", "Hemoglobin saturation with oxygen"), loinc("2708-6", "Oxygen saturation in Arterial blood")}
	smokingCode = []coding{loinc("72166-2", "Tobacco smoking status")}
	frailtyCode = []coding{sct("763264000", "Canadian Study of Health and Aging Clinical Frailty Scale score")}
)

// lab is a laboratory test with UK units and an adult reference range.
type lab struct {
	code          coding
	unit, ucum    string
	low, high     float64 // reference range; zero means no bound
	mean, sd      float64 // typical result in a hospital population
	lowLim, hiLim float64 // plausible bounds for a generated result
	decimals      bool    // recorded to one decimal place, not whole numbers
}

var (
	labHb         = lab{loinc("718-7", "Hemoglobin [Mass/volume] in Blood"), "g/L", "g/L", 115, 165, 128, 16, 70, 180, false}
	labWBC        = lab{loinc("6690-2", "Leukocytes [#/volume] in Blood by Automated count"), "10*9/L", "10*9/L", 4, 11, 8.5, 3, 2, 25, true}
	labPlatelets  = lab{loinc("777-3", "Platelets [#/volume] in Blood by Automated count"), "10*9/L", "10*9/L", 150, 400, 260, 70, 60, 650, false}
	labSodium     = lab{loinc("2951-2", "Sodium [Moles/volume] in Serum or Plasma"), "mmol/L", "mmol/L", 133, 146, 138, 3.5, 122, 152, false}
	labPotassium  = lab{loinc("2823-3", "Potassium [Moles/volume] in Serum or Plasma"), "mmol/L", "mmol/L", 3.5, 5.3, 4.3, 0.5, 2.8, 6.4, true}
	labCreatinine = lab{loinc("14682-9", "Creatinine [Moles/volume] in Serum or Plasma"), "umol/L", "umol/L", 59, 104, 90, 30, 40, 400, false}
	labEGFR       = lab{loinc("62238-1", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)"), "mL/min/1.73m2", "mL/min/{1.73_m2}", 90, 0, 72, 20, 12, 120, false}
	labCRP        = lab{loinc("1988-5", "C reactive protein [Mass/volume] in Serum or Plasma"), "mg/L", "mg/L", 0, 5, 30, 45, 1, 280, false}
	labTroponin   = lab{loinc("89579-7", "Troponin I.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method"), "ng/L", "ng/L", 0, 34, 12, 20, 2, 900, false}
	labHbA1c      = lab{loinc("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol"), "mmol/mol", "mmol/mol", 20, 41, 58, 11, 38, 110, false}
	labCholest    = lab{loinc("14647-2", "Cholesterol [Moles/volume] in Serum or Plasma"), "mmol/L", "mmol/L", 0, 5, 5.1, 1.1, 2.8, 8.9, true}
)

var (
	fullBloodCount = []lab{labHb, labWBC, labPlatelets}
	kidneyProfile  = []lab{labSodium, labPotassium, labCreatinine, labEGFR}
)

// Qualitative lab results.
var (
	hivTest       = loinc("56888-1", "HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay")
	chlamydiaTest = loinc("21613-5", "Chlamydia trachomatis DNA [Presence] in Specimen by NAA with probe detection")
	negative      = sct("260385009", "Negative")
)

// Vaccines as dm+d products, as the UK Core Immunization examples code them.
var (
	fluVaccine   = coding{dmdSystem, "11278411000001109", "Influenza vaccine (split virion, inactivated) suspension for injection 0.5ml pre-filled syringes (Pfizer Ltd)"}
	pneumoVacc   = coding{dmdSystem, "10245211000001108", "Pneumococcal polysaccharide conjugated vaccine (adsorbed) suspension for injection 0.5ml pre-filled syringes"}
	covidVaccine = coding{dmdSystem, "39115611000001103", "Comirnaty COVID-19 mRNA Vaccine 30micrograms/0.3ml dose concentrate for dispersion for injection multidose vials (Pfizer Ltd)"}
	intramuscle  = sct("78421000", "Intramuscular route")
)

// Encounter types.
var (
	consultation   = sct("11429006", "Consultation")
	telephoneEnc   = sct("185317003", "Telephone encounter")
	homeVisit      = sct("439708006", "Home visit")
	edVisit        = sct("4525004", "Emergency department patient visit")
	emergencyAdmit = sct("183452005", "Emergency hospital admission")
	electiveAdmit  = sct("8715000", "Hospital admission, elective")
	followUpVisit  = sct("185389009", "Follow-up visit")
	needsAssess    = sct("710824005", "Assessment of health and social care needs")
)

// Procedures seen in general practice.
var (
	ecg            = sct("29303009", "Electrocardiographic procedure")
	spirometry     = sct("127783003", "Spirometry")
	footExam       = sct("401191002", "Diabetic foot examination")
	cervicalScreen = sct("171149006", "Screening for malignant neoplasm of cervix")
	medRecon       = sct("430193006", "Medication reconciliation")
	depressionScr  = sct("171207006", "Depression screening")
)

// Hospital procedures.
var (
	chestXRay    = sct("399208008", "Plain chest X-ray")
	ctHead       = sct("303653007", "CT of head")
	echo         = sct("40701008", "Echocardiography")
	hipReplace   = sct("52734007", "Total replacement of hip")
	kneeReplace  = sct("609588000", "Total knee replacement")
	appendectomy = sct("80146002", "Appendectomy")
	cholecystect = sct("38102005", "Cholecystectomy")
	pci          = sct("415070008", "Percutaneous coronary intervention")
	woundDress   = sct("18949003", "Change of dressing")
)

// Document types (SNOMED CT record artefacts).
var (
	dischargeSummary = sct("373942005", "Discharge summary")
	encounterReport  = sct("371531000", "Report of clinical encounter")
	consultReport    = sct("371530004", "Clinical consultation report")
	carePlanDoc      = sct("734163000", "Care plan")
)

// Flags.
var (
	hearingLoss  = sct("15188001", "Hearing loss")
	visualImpair = sct("397540003", "Visual impairment")
	fallsRisk    = sct("129839007", "At risk for falls")
	livesAlone   = sct("105529008", "Lives alone")
)

// Practitioner roles.
var (
	roleGP         = sct("62247001", "General practitioner")
	roleNurse      = sct("224535009", "Registered nurse")
	roleConsultant = sct("158967008", "Consultant physician")
	roleEDDoctor   = sct("309294001", "Accident and Emergency doctor")
	roleSocialWkr  = sct("106328005", "Social worker")
	roleOT         = sct("80546007", "Occupational therapist")
)

// practiceSetting is a UK Core practice setting (NHS Data Dictionary main
// specialty) code.
func practiceSetting(code, display string) coding {
	return coding{"https://fhir.hl7.org.uk/CodeSystem/UKCore-PracticeSettingCode", code, display}
}

// clinic is a hospital specialty that runs outpatient clinics.
type clinic int

const (
	clinicNone clinic = iota
	clinicCardiology
	clinicDiabetes
	clinicRespiratory
	clinicRenal
	clinicOrthopaedics
	clinicGeriatric
	clinicEmergency
	clinicGeneralMedicine
	clinicGeneralSurgery
	clinicSexualHealth
)

// setting is the clinic's main specialty code.
func (c clinic) setting() coding {
	switch c {
	case clinicCardiology:
		return practiceSetting("320", "Cardiology")
	case clinicDiabetes:
		return practiceSetting("302", "Endocrinology and Diabetes")
	case clinicRespiratory:
		return practiceSetting("340", "Respiratory Medicine")
	case clinicRenal:
		return practiceSetting("361", "Renal Medicine")
	case clinicOrthopaedics:
		return practiceSetting("110", "Trauma and Orthopaedics")
	case clinicGeriatric:
		return practiceSetting("430", "Geriatric Medicine")
	case clinicEmergency:
		return practiceSetting("180", "Emergency Medicine")
	case clinicGeneralMedicine:
		return practiceSetting("300", "General Internal Medicine")
	case clinicGeneralSurgery:
		return practiceSetting("100", "General Surgery")
	case clinicSexualHealth:
		return practiceSetting("360", "Genitourinary Medicine")
	}
	panic("demogen: clinic has no specialty")
}

// hospitalDef is a reason for an emergency attendance or admission, with
// what usually happens.
type hospitalDef struct {
	code       coding
	admit      bool // admitted (inpatient) rather than discharged from ED
	elective   bool // usually a planned admission from the waiting list
	minAge     int
	specialty  clinic
	procedures []coding
	labs       [][]lab
	discharge  *drug // new medicine on discharge
	stayDays   int
}

var hospitalDefs = []hospitalDef{
	{sct("385093006", "Community acquired pneumonia"), true, false, 18, clinicGeneralMedicine, []coding{chestXRay}, [][]lab{fullBloodCount, kidneyProfile, {labCRP}}, clarithro, 5},
	{sct("195951007", "Acute exacerbation of chronic obstructive airways disease"), true, false, 45, clinicRespiratory, []coding{chestXRay}, [][]lab{fullBloodCount, {labCRP}}, doxycycline, 4},
	{sct("45816000", "Pyelonephritis"), true, false, 18, clinicGeneralMedicine, nil, [][]lab{fullBloodCount, kidneyProfile, {labCRP}}, ciprofloxacin, 3},
	{sct("5913000", "Fracture of neck of femur"), true, false, 60, clinicOrthopaedics, []coding{hipReplace}, [][]lab{fullBloodCount, kidneyProfile}, paracetamol, 9},
	{sct("401314000", "Acute non-ST segment elevation myocardial infarction"), true, false, 40, clinicCardiology, []coding{ecg, pci, echo}, [][]lab{{labTroponin}, fullBloodCount, kidneyProfile}, nil, 4},
	{sct("74400008", "Appendicitis"), true, false, 5, clinicGeneralSurgery, []coding{appendectomy}, [][]lab{fullBloodCount, {labCRP}}, paracetamol, 2},
	{sct("235919008", "Cholelithiasis"), true, true, 25, clinicGeneralSurgery, []coding{cholecystect}, [][]lab{fullBloodCount, {labCRP}}, paracetamol, 2},
	{sct("239873007", "Osteoarthritis of knee"), true, true, 55, clinicOrthopaedics, []coding{kneeReplace}, [][]lab{fullBloodCount, kidneyProfile}, paracetamol, 3},
	{sct("84114007", "Heart failure"), true, false, 55, clinicCardiology, []coding{chestXRay, echo}, [][]lab{kidneyProfile}, nil, 6},
	{sct("2776000", "Delirium"), true, false, 75, clinicGeriatric, []coding{ctHead}, [][]lab{fullBloodCount, kidneyProfile, {labCRP}}, nil, 7},
	{sct("29857009", "Chest pain"), false, false, 25, clinicEmergency, []coding{ecg}, [][]lab{{labTroponin}, fullBloodCount}, nil, 0},
	{sct("217082002", "Accidental fall"), false, false, 60, clinicEmergency, []coding{woundDress}, nil, paracetamol, 0},
	{sct("44465007", "Sprain of ankle"), false, false, 5, clinicEmergency, nil, nil, paracetamol, 0},
	{sct("82271004", "Injury of head"), false, false, 1, clinicEmergency, []coding{ctHead}, nil, nil, 0},
	{sct("271594007", "Syncope"), false, false, 16, clinicEmergency, []coding{ecg}, [][]lab{fullBloodCount, kidneyProfile}, nil, 0},
	{sct("266364000", "Asthma attack"), false, false, 3, clinicEmergency, nil, nil, salbutamol, 0},
	{sct("34095006", "Dehydration"), false, false, 1, clinicEmergency, nil, [][]lab{kidneyProfile}, nil, 0},
}

// Identifier systems.
const (
	gmcSystem       = "https://fhir.hl7.org.uk/Id/gmc-number"
	nmcSystem       = "https://fhir.hl7.org.uk/Id/nmc-number"
	gpLocalSystem   = "https://fhir.riverside-surgery.example.nhs.uk/Id/patient-number"
	mrnSystem       = "https://fhir.city-general.example.nhs.uk/Id/mrn"
	socialSystem    = "https://fhir.riverside-council.example.gov.uk/Id/person-id"
	carerSystem     = "https://fhir.riverside-council.example.gov.uk/Id/carer-id"
	councilStaff    = "https://fhir.riverside-council.example.gov.uk/Id/staff-number"
	carePlanCatSys  = "https://fhir.riverside-council.example.gov.uk/CodeSystem/care-plan-category"
	verificationExt = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"
	verificationSys = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland"
)
