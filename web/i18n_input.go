package web

// InputTexts are the answers to input kui refuses before any page handles
// it: text it cannot store, a request too large, a request from another
// site, and the login throttle.
type InputTexts struct {
	UnstorableTitle, UnstorableText string
	TooLargeTitle, TooLargeText     string
	CrossSiteTitle, CrossSiteText   string

	// The login throttle's refusals of a browser kui does not know; %s is
	// how long (OneMinute or Minutes).
	LoginLockedAccount, LoginLockedAddress, OneMinute, Minutes string
}

var danishInput = InputTexts{
	UnstorableTitle: "Teksten kan ikke bruges",
	UnstorableText:  "Teksten indeholder tegn, der ikke kan gemmes eller søges på (fx et nultegn). Ret søgningen eller adressen, og prøv igen.",
	TooLargeTitle:   "Forespørgslen er for stor",
	TooLargeText:    "Det, der blev sendt, er for stort til, at kui kan tage imod det. Gå tilbage, gør teksten kortere, og prøv igen.",
	CrossSiteTitle:  "Forespørgslen blev afvist",
	CrossSiteText:   "Forespørgslen kom fra et andet websted end kui og er derfor afvist for at beskytte dine oplysninger. Åbn kui direkte i browseren, og prøv igen.",

	LoginLockedAccount: "Der har været for mange forkerte forsøg på at logge ind på denne konto, så den er midlertidigt spærret for browsere, som ikke har været brugt til at logge ind på den før. " +
		"Log ind fra en browser, du plejer at bruge til kui, eller prøv igen om %s. Kontakt din administrator, hvis forsøgene ikke var dine.",
	LoginLockedAddress: "Der har været for mange forkerte forsøg på at logge ind fra dit netværk, så browsere, der ikke har været brugt til kui før, er midlertidigt spærret. " +
		"Log ind fra en browser, du plejer at bruge til kui, eller prøv igen om %s. Kontakt din administrator, hvis det fortsætter.",
	OneMinute: "et minut",
	Minutes:   "%d minutter",
}
