package web

import "kui/internal/casework"

// raisers are who can put a topic on the agenda of a meeting of this kind.
func raisers(c *Catalogue, m casework.Meeting, actor int64) []Option {
	var opts []Option
	if !m.Kind.ProfessionalsOnly() {
		opts = append(opts, Option{Value: casework.OwnerYouth, Label: sprintf(c.MeetingT.OwnerYouth, casework.FirstName(m.YouthName))})
	}
	opts = append(opts, owners(c, m)[1:]...)
	if actor != 0 {
		found := false
		for _, o := range opts {
			found = found || o.Value == idString(actor)
		}
		if !found {
			opts = append(opts, Option{Value: idString(actor), Label: c.MeetingT.RaisedByMe})
		}
	}
	return opts
}

// defaultRaiser is who raises a topic unless chosen otherwise: the young
// person where they attend, else the one typing.
func (v MeetingView) defaultRaiser() string {
	switch {
	case v.Agenda.RaisedBy != "":
		return v.Agenda.RaisedBy
	case !v.Meeting.Kind.ProfessionalsOnly():
		return casework.OwnerYouth
	case v.Page.User != nil:
		return idString(v.Page.User.ID)
	}
	return ""
}
