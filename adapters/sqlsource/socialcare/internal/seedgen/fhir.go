package seedgen

// The parts of FHIR R4 the council's demo records use. They are decoded
// strictly (unknown members are errors), so that when the demo generator
// starts writing something new, the seed generator fails instead of
// silently leaving it out of the database.

type coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

type concept struct {
	Coding []coding `json:"coding"`
	Text   string   `json:"text"`
}

type identifier struct {
	Extension []extension `json:"extension"`
	Use       string      `json:"use"`
	System    string      `json:"system"`
	Value     string      `json:"value"`
}

type extension struct {
	URL                  string   `json:"url"`
	ValueCodeableConcept *concept `json:"valueCodeableConcept"`
}

type reference struct {
	Reference  string      `json:"reference"`
	Display    string      `json:"display"`
	Identifier *identifier `json:"identifier"`
}

type meta struct {
	LastUpdated string   `json:"lastUpdated"`
	Profile     []string `json:"profile"`
}

type period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type humanName struct {
	Use    string   `json:"use"`
	Family string   `json:"family"`
	Given  []string `json:"given"`
	Prefix []string `json:"prefix"`
}

type contactPoint struct {
	System string `json:"system"`
	Value  string `json:"value"`
	Use    string `json:"use"`
}

type address struct {
	Use        string   `json:"use"`
	Type       string   `json:"type"`
	Line       []string `json:"line"`
	District   string   `json:"district"`
	City       string   `json:"city"`
	PostalCode string   `json:"postalCode"`
	Country    string   `json:"country"`
}

type base struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Meta         meta   `json:"meta"`
}

type organization struct {
	base
	Identifier []identifier   `json:"identifier"`
	Active     *bool          `json:"active"`
	Type       []concept      `json:"type"`
	Name       string         `json:"name"`
	Telecom    []contactPoint `json:"telecom"`
	Address    []address      `json:"address"`
}

type practitioner struct {
	base
	Identifier []identifier   `json:"identifier"`
	Active     *bool          `json:"active"`
	Name       []humanName    `json:"name"`
	Telecom    []contactPoint `json:"telecom"`
	Gender     string         `json:"gender"`
}

type practitionerRole struct {
	base
	Active       *bool     `json:"active"`
	Practitioner reference `json:"practitioner"`
	Organization reference `json:"organization"`
	Code         []concept `json:"code"`
}

type patient struct {
	base
	Identifier           []identifier   `json:"identifier"`
	Active               *bool          `json:"active"`
	Name                 []humanName    `json:"name"`
	Telecom              []contactPoint `json:"telecom"`
	Gender               string         `json:"gender"`
	BirthDate            string         `json:"birthDate"`
	DeceasedDateTime     string         `json:"deceasedDateTime"`
	Address              []address      `json:"address"`
	GeneralPractitioner  []reference    `json:"generalPractitioner"`
	ManagingOrganization reference      `json:"managingOrganization"`
}

type relatedPerson struct {
	base
	Identifier   []identifier   `json:"identifier"`
	Active       *bool          `json:"active"`
	Patient      reference      `json:"patient"`
	Relationship []concept      `json:"relationship"`
	Name         []humanName    `json:"name"`
	Telecom      []contactPoint `json:"telecom"`
	Gender       string         `json:"gender"`
	Address      []address      `json:"address"`
	Period       period         `json:"period"`
}

type flag struct {
	base
	Status   string    `json:"status"`
	Category []concept `json:"category"`
	Code     concept   `json:"code"`
	Subject  reference `json:"subject"`
	Period   period    `json:"period"`
	Author   reference `json:"author"`
}

type encounter struct {
	base
	Status      string    `json:"status"`
	Class       coding    `json:"class"`
	Type        []concept `json:"type"`
	Subject     reference `json:"subject"`
	Participant []struct {
		Individual reference `json:"individual"`
	} `json:"participant"`
	Appointment     []reference `json:"appointment"`
	Period          period      `json:"period"`
	ReasonCode      []concept   `json:"reasonCode"`
	ServiceProvider reference   `json:"serviceProvider"`
}

type appointment struct {
	base
	Status          string  `json:"status"`
	AppointmentType concept `json:"appointmentType"`
	Description     string  `json:"description"`
	Start           string  `json:"start"`
	End             string  `json:"end"`
	MinutesDuration int     `json:"minutesDuration"`
	Created         string  `json:"created"`
	Comment         string  `json:"comment"`
	Participant     []struct {
		Actor    reference `json:"actor"`
		Required string    `json:"required"`
		Status   string    `json:"status"`
	} `json:"participant"`
}

type documentReference struct {
	base
	Status      string      `json:"status"`
	DocStatus   string      `json:"docStatus"`
	Type        concept     `json:"type"`
	Subject     reference   `json:"subject"`
	Date        string      `json:"date"`
	Author      []reference `json:"author"`
	Custodian   reference   `json:"custodian"`
	Description string      `json:"description"`
	Content     []struct {
		Attachment struct {
			ContentType string `json:"contentType"`
			Language    string `json:"language"`
			Data        string `json:"data"`
			Title       string `json:"title"`
			Creation    string `json:"creation"`
		} `json:"attachment"`
	} `json:"content"`
	Context struct {
		Encounter []reference `json:"encounter"`
	} `json:"context"`
}

type observation struct {
	base
	Status            string      `json:"status"`
	Category          []concept   `json:"category"`
	Code              concept     `json:"code"`
	Subject           reference   `json:"subject"`
	Encounter         reference   `json:"encounter"`
	EffectiveDateTime string      `json:"effectiveDateTime"`
	Performer         []reference `json:"performer"`
	ValueInteger      *int        `json:"valueInteger"`
}

type carePlan struct {
	base
	Status      string    `json:"status"`
	Intent      string    `json:"intent"`
	Category    []concept `json:"category"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Subject     reference `json:"subject"`
	Encounter   reference `json:"encounter"`
	Period      period    `json:"period"`
	Created     string    `json:"created"`
	Author      reference `json:"author"`
	Activity    []struct {
		Detail struct {
			Status      string      `json:"status"`
			Description string      `json:"description"`
			Performer   []reference `json:"performer"`
		} `json:"detail"`
	} `json:"activity"`
}
