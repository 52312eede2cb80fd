//! The demo company's vocabulary: people's names, departments and their titles, offices, and
//! the systems that service accounts are named after.
//!
//! Every list is fixed and ordered, so the same seed always draws the same words. Names are
//! made up from common given names and family names of many countries; some keep their
//! accents and letters beyond ASCII, and [`ascii_slug`] turns them into email-safe handles.

/// Given names, a mix of origins; a few are not ASCII.
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Aaliyah", "Aarav", "Abdul", "Adaeze", "Adrián", "Aiko", "Aisha", "Alejandro", "Aleksandra",
    "Alex", "Ali", "Amir", "Ana", "Andrés", "Anh", "Anja", "Arjun", "Astrid", "Aurélie", "Ayşe",
    "Bao", "Beatriz", "Ben", "Björn", "Bongani", "Camila", "Carlos", "Carmen", "Catalina",
    "Chen", "Chiara", "Chloé", "Chloe", "Daniel", "David", "Deepika", "Diego", "Dmitri", "Elena",
    "Elif", "Emeka", "Emily", "Emma", "Erik", "Esther", "Fatima", "Felipe", "Fernanda", "Finn",
    "Freya", "Gabriel", "Grace", "Hana", "Hannah", "Hassan", "Helga", "Hiroshi", "Ibrahim",
    "Ines", "Inês", "Ingrid", "Isabel", "Ivan", "Jack", "Jakub", "James", "Jamal", "Javier",
    "Jin", "Joanna", "Jonas", "Jorge", "José", "Julia", "Kai", "Kavya", "Kenji", "Kofi",
    "Laila", "Lars", "Laura", "Leila", "Leon", "Liam", "Lina", "Lucas", "Lucía", "Luis",
    "Łukasz", "Maja", "Malik", "Manon", "Marco", "María", "Mariam", "Mateo", "Maya", "Mehmet",
    "Mei", "Mia", "Miguel", "Mohammed", "Nadia", "Naledi", "Nathan", "Nikhil", "Nina", "Noah",
    "Nour", "Olga", "Olivia", "Omar", "Oscar", "Pablo", "Pedro", "Priya", "Rafael", "Rahul",
    "Ravi", "Rosa", "Ryo", "Sakura", "Samuel", "Sara", "Sebastián", "Siddharth", "Sofia",
    "Søren", "Sun-hee", "Tanvir", "Thabo", "Thomas", "Tomás", "Valentina", "Wei", "Xin",
    "Yara", "Yasmin", "Yuki", "Yusuf", "Zainab", "Zara", "Zoë", "Zoltán",
];

/// Family names, a mix of origins; a few are not ASCII.
pub(crate) const LAST_NAMES: &[&str] = &[
    "Abe", "Acheampong", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Bakker", "Banerjee",
    "Becker", "Bernard", "Bianchi", "Brown", "Castillo", "Çelik", "Chatterjee", "Chen", "Cohen",
    "Costa", "Da Silva", "Dąbrowski", "Dubois", "Dupont", "Eriksson", "Fernández", "Fischer",
    "Flores", "García", "Gonçalves", "González", "Gupta", "Haddad", "Hansen", "Hernández",
    "Hoffmann", "Horvat", "Hussain", "Ivanova", "Jansen", "Jensen", "Johansson", "Johnson",
    "Kamau", "Kaur", "Khan", "Kim", "Kowalczyk", "Kumar", "Larsen", "Lee", "Lefebvre", "Li",
    "Lindqvist", "Liu", "Lopez", "Martin", "Martínez", "Mendoza", "Meyer", "Moreau", "Müller",
    "Murphy", "Nakamura", "Ndlovu", "Nguyen", "Nguyễn", "Nielsen", "Novak", "Núñez", "O'Brien",
    "Okonkwo", "Ólafsdóttir", "Olsen", "Ortiz", "Park", "Patel", "Pereira", "Petrov", "Popescu",
    "Quispe", "Ramírez", "Reddy", "Rossi", "Rodríguez", "Sánchez", "Santos", "Sato", "Schmidt",
    "Schneider", "Shah", "Silva", "Singh", "Smith", "Sokolov", "Suzuki", "Svensson", "Takahashi",
    "Tanaka", "Taylor", "Tran", "Wagner", "Walker", "Wang", "Weber", "Williams", "Wójcik",
    "Wong", "Yamamoto", "Yılmaz", "Zhang", "Zhou", "Żak",
];

/// One department: its name, its share of the company in percent, the title of a first-line
/// manager there, and the titles of its individual contributors.
#[derive(Debug)]
pub(crate) struct Department {
    pub name: &'static str,
    pub weight: u32,
    pub manager_title: &'static str,
    pub ic_titles: &'static [&'static str],
}

/// Index of Engineering in [`DEPARTMENTS`].
pub(crate) const ENGINEERING: usize = 0;
/// Index of Product in [`DEPARTMENTS`].
pub(crate) const PRODUCT: usize = 1;
/// Index of Sales in [`DEPARTMENTS`].
pub(crate) const SALES: usize = 2;
/// Index of Customer Success in [`DEPARTMENTS`].
pub(crate) const CUSTOMER_SUCCESS: usize = 3;
/// Index of Marketing in [`DEPARTMENTS`].
pub(crate) const MARKETING: usize = 4;
/// Index of Finance in [`DEPARTMENTS`].
pub(crate) const FINANCE: usize = 5;
/// Index of People in [`DEPARTMENTS`].
pub(crate) const PEOPLE: usize = 6;
/// Index of IT & Security in [`DEPARTMENTS`].
pub(crate) const IT_SECURITY: usize = 7;
/// Index of Legal in [`DEPARTMENTS`].
pub(crate) const LEGAL: usize = 8;
/// Index of Data & Analytics in [`DEPARTMENTS`].
pub(crate) const DATA: usize = 9;

/// The departments under the CEO; the weights add up to 100.
pub(crate) const DEPARTMENTS: &[Department] = &[
    Department {
        name: "Engineering",
        weight: 30,
        manager_title: "Engineering Manager",
        ic_titles: &[
            "Software Engineer",
            "Senior Software Engineer",
            "Staff Software Engineer",
            "Site Reliability Engineer",
            "Frontend Engineer",
            "Mobile Engineer",
            "QA Engineer",
        ],
    },
    Department {
        name: "Product",
        weight: 6,
        manager_title: "Group Product Manager",
        ic_titles: &["Product Manager", "Senior Product Manager", "Product Designer", "UX Researcher"],
    },
    Department {
        name: "Sales",
        weight: 15,
        manager_title: "Sales Manager",
        ic_titles: &[
            "Account Executive",
            "Senior Account Executive",
            "Sales Development Representative",
            "Solutions Engineer",
            "Sales Operations Analyst",
        ],
    },
    Department {
        name: "Customer Success",
        weight: 10,
        manager_title: "Customer Success Lead",
        ic_titles: &[
            "Customer Success Manager",
            "Support Engineer",
            "Technical Account Manager",
            "Support Specialist",
        ],
    },
    Department {
        name: "Marketing",
        weight: 8,
        manager_title: "Marketing Manager",
        ic_titles: &[
            "Content Marketing Specialist",
            "Product Marketing Manager",
            "Growth Marketer",
            "Marketing Operations Analyst",
            "Brand Designer",
        ],
    },
    Department {
        name: "Finance",
        weight: 6,
        manager_title: "Finance Manager",
        ic_titles: &["Financial Analyst", "Accountant", "Payroll Specialist", "FP&A Analyst"],
    },
    Department {
        name: "People",
        weight: 5,
        manager_title: "People Operations Manager",
        ic_titles: &["Recruiter", "HR Business Partner", "People Operations Specialist"],
    },
    Department {
        name: "IT & Security",
        weight: 8,
        manager_title: "IT & Security Manager",
        ic_titles: &[
            "Security Engineer",
            "IT Support Specialist",
            "Cloud Security Engineer",
            "Systems Engineer",
            "GRC Analyst",
        ],
    },
    Department {
        name: "Legal",
        weight: 3,
        manager_title: "Associate General Counsel",
        ic_titles: &["Counsel", "Paralegal", "Contracts Manager"],
    },
    Department {
        name: "Data & Analytics",
        weight: 9,
        manager_title: "Data Engineering Manager",
        ic_titles: &[
            "Data Engineer",
            "Data Scientist",
            "Analytics Engineer",
            "Machine Learning Engineer",
        ],
    },
];

/// The CEO's department.
pub(crate) const EXECUTIVE: &str = "Executive";

/// Offices, written into each employee's metadata as `location.address`.
pub(crate) const OFFICES: &[&str] = &[
    "Austin, TX, USA",
    "Toronto, ON, Canada",
    "Berlin, Germany",
    "Lisbon, Portugal",
    "Singapore",
    "Remote",
];

/// Systems that service accounts are named after.
pub(crate) const SYSTEMS: &[&str] = &[
    "api-gateway", "auth", "billing", "checkout", "catalog", "search", "recommendations",
    "notifications", "ledger", "fraud-detection", "data-pipeline", "etl", "reporting", "backup",
    "monitoring", "logging", "ci", "deploy", "analytics", "crm-sync", "inventory", "shipping",
    "feature-store", "scheduler", "mailer", "webhooks", "exports", "identity-sync", "metrics",
    "image-resizer", "pricing", "subscriptions", "tax", "warehouse", "events", "audit-log",
];

/// Kubernetes namespaces, for federated subjects of workloads.
pub(crate) const NAMESPACES: &[&str] =
    &["payments", "checkout", "search", "platform", "data", "observability", "web"];

/// The email domain of the demo company; `.example` is reserved and never resolves.
pub(crate) const EMAIL_DOMAIN: &str = "northwind.example";

/// The GitHub organization of the demo company.
pub(crate) const GITHUB_ORG: &str = "northwind";

/// An ASCII, lower-case handle for a name: accents are dropped, letters such as `ł`, `ø`, `ß`
/// are spelled out, and anything else but letters and digits is left out.
pub(crate) fn ascii_slug(name: &str) -> String {
    let mut res = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            res.push(c);
            continue;
        }
        let spelled = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ą' | 'ạ' => "a",
            'ç' | 'ć' | 'č' => "c",
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ễ' | 'ế' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ı' => "i",
            'ñ' | 'ń' => "n",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ő' | 'ơ' => "o",
            'ú' | 'ù' | 'û' | 'ü' | 'ű' | 'ư' => "u",
            'ý' | 'ÿ' => "y",
            'ł' => "l",
            'ś' | 'ş' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ğ' => "g",
            'ß' => "ss",
            'æ' => "ae",
            'ð' => "d",
            'þ' => "th",
            _ => "",
        };
        res.push_str(spelled);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_slug_spells_out_letters_beyond_ascii() {
        assert_eq!(ascii_slug("Łukasz"), "lukasz");
        assert_eq!(ascii_slug("Ólafsdóttir"), "olafsdottir");
        assert_eq!(ascii_slug("O'Brien"), "obrien");
        assert_eq!(ascii_slug("Da Silva"), "dasilva");
        assert_eq!(ascii_slug("Nguyễn"), "nguyen");
        assert_eq!(ascii_slug("Søren"), "soren");
        assert_eq!(ascii_slug("Sun-hee"), "sunhee");
    }

    #[test]
    fn department_weights_add_up_to_one_hundred() {
        let total: u32 = DEPARTMENTS.iter().map(|d| d.weight).sum();
        assert_eq!(total, 100);
    }

    #[test]
    fn every_name_gives_a_non_empty_handle() {
        for name in FIRST_NAMES.iter().chain(LAST_NAMES) {
            assert!(!ascii_slug(name).is_empty(), "{name}");
        }
    }
}
